#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `save`: the transcript as a runnable session file, secrets optionally turned into variables.
extension SessionEngine {
  /// Headers whose values `save --redact` always replaces.
  static let secretHeaders = SecretFields.headers

  /// The headers marked with `redact header`, whose values are secrets.
  public var headersToRedact: [String] { redactedHeaders }

  /// Writes the session so far to `path`.
  ///
  /// At the prompt an existing file is replaced only with `--force`, or when this session
  /// wrote it: a mistyped name must not silently destroy another session. A session file
  /// run again and again rewrites its own output, so there the file is replaced. The shell
  /// does not ask: piped input and scripts must behave the same as a terminal.
  /// - Returns: The saved event, and a note for each body file the saved session names
  ///   that no longer exists (a replay will not parse without it).
  func save(to path: String, redact: Bool, force: Bool, _ context: SourceContext) throws(SessionError)
    -> [SessionEvent]
  {
    let typed = context.location.file == "<prompt>"
    if typed, !force, !saving.written.contains(path), access(path, F_OK) == 0 {
      let written = context.line.split(separator: " ").dropFirst().first { !$0.hasPrefix("--") } ?? Substring(path)
      throw .fileFailed(
        path: path,
        reason:
          "the file already exists, and this session did not write it; 'save --force \(written)' replaces it, or choose another name",
        context)
    }
    do {
      try FileIO.write(savedText(redact: redact, folder: FileIO.folder(of: path)), to: path)
    } catch {
      throw .fileFailed(path: path, reason: "\(error)", context)
    }
    saving.written.insert(path)
    var events: [SessionEvent] = [.saved(path: path)]
    for line in saving.bodyLines where !line.isUnused {
      guard case .file(let file)? = line.source, access(file, R_OK) != 0 else { continue }
      events.append(
        .message(
          "note: the saved session sends the body file \(file), which no longer exists; a replay needs it back"))
    }
    return events
  }

  /// The session so far as a runnable file: each statement, each dispatch followed by its recorded response.
  /// - Parameters:
  ///   - redact: Replace the values of Authorization, Cookie and `redact header` headers with
  ///     variables, and leave out the `let` lines of the variables those values were built from.
  ///   - folder: Where the file goes: relative paths are rewritten to name the same files from there.
  /// - Returns: The file's text.
  public func savedText(redact: Bool, folder: String? = nil) -> String {
    var entries = transcript
    // A body cleared (by `reset` or another `body`) before any request sent it is no part of the
    // scenario; naming its file would make a replay demand a file that may be gone.
    let unused = Set(saving.bodyLines.filter(\.isUnused).map(\.index))
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
    let kept = unused.isEmpty ? entries : entries.indices.filter { !unused.contains($0) }.map { entries[$0] }
    return header + "\n" + kept.joined(separator: "\n") + "\n"
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
    // A body's or a query's secret fields (`password=tea`, `"api_key": "k-1"`); one built from
    // variables (`password={{pw}}`) makes their values secrets, as for a header.
    for line in saving.secretCarrying {
      for field in SecretFields.fields(in: entries[line]) {
        if field.value.contains("{{") {
          for reference in Template.references(in: field.value) where !reference.name.hasPrefix("env.") {
            if !captured.contains(reference.name), let value = variables[reference.name] {
              keep(value, as: reference.name)
            }
          }
        } else {
          let variable = SecretFields.variable(for: field.name)
          entries[line] = SecretFields.redacted(entries[line])
          keep(field.value, as: variable)
        }
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

/// What `save` keeps track of beside the transcript.
struct SaveState {
  /// A `body` line of the transcript.
  struct BodyLine {
    /// Its place in the transcript.
    var index: Int
    var source: BodySource?
    /// Whether a request went out while it was the draft's body.
    var sent = false
    /// Whether a later `body` or `reset` replaced it.
    var cleared = false

    /// Cleared before any request sent it: the saved file leaves it out.
    var isUnused: Bool { cleared && !sent }
  }

  var bodyLines: [BodyLine] = []
  /// The transcript's lines that may hold secret fields: text bodies and request lines.
  var secretCarrying: [Int] = []
  /// The files this session saved, which a later `save` at the prompt replaces without `--force`.
  var written: Set<String> = []

  /// Notes a statement about to be added to the transcript at `index`.
  mutating func note(_ command: Command, at index: Int) {
    switch command {
    case .body(let source):
      clearBody()
      if let source {
        bodyLines.append(BodyLine(index: index, source: source))
        if case .text = source { secretCarrying.append(index) }
      }
    case .reset:
      clearBody()
    case .request:
      secretCarrying.append(index)
      sendBody()
    case .load, .use, .set, .unset, .header, .unheader, .expect, .capture, .show, .save, .help, .letVariable,
      .ignore, .redactHeader, .cookies, .follow, .quit:
      break
    default:
      // `send`, `source`, and any command that may dispatch: whatever it sends keeps the body.
      sendBody()
    }
  }

  private mutating func clearBody() {
    if let last = bodyLines.indices.last { bodyLines[last].cleared = true }
  }

  private mutating func sendBody() {
    if let last = bodyLines.indices.last, !bodyLines[last].cleared { bodyLines[last].sent = true }
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
