/// `save`: the transcript as a runnable session file, secrets optionally turned into variables.
extension SessionEngine {
  /// Headers whose values `save --redact` always replaces.
  static let secretHeaders = ["authorization", "cookie", "proxy-authorization"]

  /// The session so far as a runnable file: each statement, each dispatch followed by its recorded response.
  /// - Parameters:
  ///   - redact: Replace the values of Authorization, Cookie and `redact header` headers with
  ///     variables, and leave out the `let` lines of the variables those values were built from.
  ///   - folder: Where the file goes: relative paths are rewritten to name the same files from there.
  /// - Returns: The file's text.
  public func savedText(redact: Bool, folder: String? = nil) -> String {
    var entries = transcript
    if let folder {
      for path in relativePaths { entries[path.index] = path.text(entries[path.index], from: folder) }
    }
    var header = "# gwsh session. Replay it with: gwsh run FILE\n"
    if redact {
      let needed: [String]
      (entries, needed) = redacted(entries)
      if !needed.isEmpty {
        header += "# Redacted; run it with " + needed.map { "--var \($0)=..." }.joined(separator: " ") + "\n"
      }
    }
    return header + "\n" + entries.joined(separator: "\n") + "\n"
  }

  /// The transcript's `entries` with their secrets replaced by `{{variables}}`, and the variables a replay must be given.
  private func redacted(_ entries: [String]) -> (entries: [String], needed: [String]) {
    var entries = entries
    let captured = Set(definitions.filter { $0.kind == .capture }.map(\.name))
    let secret = Self.secretHeaders + redactedHeaders.map { $0.lowercased() }
    var asked: [String] = []
    var values: [(value: String, variable: String)] = []
    func keep(_ value: String, as variable: String) {
      if !asked.contains(variable) { asked.append(variable) }
      if value.count >= 3 { values.append((value, variable)) }
    }
    for statement in headerStatements where secret.contains(statement.name.lowercased()) {
      let variable = statement.name.lowercased().replacingOccurrences(of: "-", with: "_")
      entries[statement.index] = "header \(statement.name): {{\(variable)}}"
      keep(statement.value, as: variable)
      // A secret built from variables (`Bearer {{token}}`) holds their values: those are secrets too.
      // Not a captured one: the response it came from, recorded before the capture, would then
      // expand it before a replay defines it (and a replay captures a new one anyway).
      for name in statement.variables where !name.hasPrefix("env.") && !captured.contains(name) {
        if let value = variables[name] { keep(value, as: name) }
      }
    }
    // A secret variable's `let` line holds its value: a replay is given it instead.
    let leftOut = definitions.filter { $0.kind == .literalLet && asked.contains($0.name) }
    for statement in leftOut {
      entries[statement.index] = "# let \(statement.name) ... (redacted: run with --var \(statement.name)=...)"
    }
    // The longest first, so a value holding a shorter one is replaced whole.
    for (value, variable) in values.sorted(by: { $0.value.count > $1.value.count }) {
      entries = entries.map { $0.replacingOccurrences(of: value, with: "{{\(variable)}}") }
    }
    // A variable the file still defines needs nothing; any other, if the file uses it.
    let defined = Set(definitions.map(\.name)).subtracting(leftOut.map(\.name))
    let used = Set(entries.flatMap { Template.references(in: $0).map(\.name) })
    let needed = asked.filter { used.contains($0) && !defined.contains($0) }
    return (entries, needed)
  }
}

/// How a session file defines a variable, as `save --redact` needs to know it.
enum VariableDefinition {
  /// `let name = value`, the value itself: a secret's is left out of a redacted file.
  case literalLet
  /// `let name = ...{{other}}...`: the line holds no secret of its own.
  case derivedLet
  /// `capture name = ...`: a replay captures its own.
  case capture
}

extension String {
  func replacingOccurrences(of target: String, with replacement: String) -> String {
    guard !target.isEmpty else { return self }
    return self.replacing(target, with: replacement)
  }
}
