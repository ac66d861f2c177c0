/// What `save` needs: every recorded statement and the responses recorded after each
/// dispatch, with what a saved file rewrites in them (secrets for `--redact`, relative
/// paths for another folder, bodies no request sent).
///
/// The lines themselves live on disk (``TranscriptFile``); what stays in memory grows only
/// with the statements that name a header, a variable, a file or a body, not with requests.
struct Transcript {
  /// What the engine knew of a statement when it ran, which its text alone does not say.
  enum Note {
    /// A header statement (or `auth`, saved as the header it sends): its value, and the
    /// variables it was built from, for `save --redact`.
    case header(name: String, value: String, variables: [String])
    /// A `let` or a `capture`.
    case definition(name: String, kind: VariableDefinition)
    /// A statement naming a file relative to a folder.
    case path(RelativePath)
  }

  private let file = TranscriptFile()
  /// Each header statement in the transcript: its place, name, value, and the variables it was built from.
  private var headerStatements: [(index: Int, name: String, value: String, variables: [String])] = []
  /// Each statement that names a file relative to a folder, for `save` to another folder.
  private var relativePaths: [RelativePath] = []
  /// Each `let` and `capture`, for `save --redact`, which leaves out a secret's `let` lines
  /// when they hold the value itself (no `{{...}}`).
  private var definitions: [(index: Int, name: String, kind: VariableDefinition)] = []
  /// The body lines, and the files this session wrote.
  private(set) var saving = SaveState()

  /// Where the next line goes: a statement about to be recorded is at this index.
  var count: Int { file.count }

  /// Adds a statement, and the response lines its dispatch recorded.
  mutating func record(_ statement: Statement, note: Note?, recording: RecordedResponse?) {
    let index = file.count
    switch note {
    case .header(let name, let value, let variables)?: headerStatements.append((index, name, value, variables))
    case .definition(let name, let kind)?: definitions.append((index, name, kind))
    case .path(let path)?: relativePaths.append(path)
    case nil: break
    }
    let secretCarrying = saving.note(statement.command, at: index)
    file.append(statement.text, secretCarrying: secretCarrying)
    if var text = recording?.text {
      // One entry for the whole block, without its last line feed: the entries are joined with
      // line feeds when read back, so it reads back as its lines would.
      text.withUTF8 { file.append(UnsafeBufferPointer(rebasing: $0.dropLast())) }
    }
  }

  /// Notes that the session saved itself to `path`, which a later `save` at the prompt replaces without `--force`.
  mutating func wrote(_ path: String) { saving.written.insert(path) }

  /// The body files the saved session sends, for the note that one no longer exists.
  var sentBodyFiles: [String] {
    saving.bodyLines.compactMap { line in
      guard !line.isUnused, case .file(let file)? = line.source else { return nil }
      return file
    }
  }

  /// The session so far as a runnable file: each statement, each dispatch followed by its recorded response.
  /// - Parameters:
  ///   - redact: Replace the values of Authorization, Cookie and `redact header` headers with
  ///     variables, and leave out the `let` lines of the variables those values were built from.
  ///   - folder: Where the file goes: relative paths are rewritten to name the same files from there.
  ///   - variables: The session's variables, whose values a redacted file replaces.
  ///   - redactedHeaders: The headers marked with `redact header`.
  /// - Returns: The file's text.
  func savedText(redact: Bool, folder: String?, variables: [String: String], redactedHeaders: [String]) -> String {
    let lines = file.lines()
    var entries = lines.map(\.text)
    // A body cleared (by `reset` or another `body`) before any request sent it is no part of the
    // scenario; naming its file would make a replay demand a file that may be gone.
    let unused = Set(saving.bodyLines.filter(\.isUnused).map(\.index))
    if let folder {
      let writer = StatementWriter(destination: .folder(folder))
      for path in relativePaths { entries[path.index] = writer.text(entries[path.index], naming: path) }
    }
    var header = "# gwsh session. Replay it with: gwsh run FILE\n"
    if redact {
      let needed: [String]
      let secretCarrying = lines.indices.filter { lines[$0].secretCarrying }
      (entries, needed) = redacted(
        entries, secretCarrying: secretCarrying, variables: variables, redactedHeaders: redactedHeaders)
      if !needed.isEmpty {
        header += "# Redacted; run it with " + needed.map { "--var \($0)=..." }.joined(separator: " ") + "\n"
      }
    }
    let kept = unused.isEmpty ? entries : entries.indices.filter { !unused.contains($0) }.map { entries[$0] }
    return header + "\n" + kept.joined(separator: "\n") + "\n"
  }

  /// The transcript's `entries` with their secrets replaced by `{{variables}}`, and the variables a replay must be given.
  private func redacted(
    _ entries: [String], secretCarrying: [Int], variables: [String: String], redactedHeaders: [String]
  ) -> (entries: [String], needed: [String]) {
    var entries = entries
    let captured = Set(definitions.filter { $0.kind == .capture }.map(\.name))
    let secret = SecretFields.headers + redactedHeaders.map { $0.lowercased() }
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
    // variables (`password={{pw}}`) makes their values secrets, as for a header. Two fields of
    // one name holding different values (a query's token and a body's) get a variable each,
    // `token` and `token_2`, so a replay can be given both.
    var valueOf: [String: String] = [:]
    func variable(for name: String, value: String) -> String {
      let base = SecretFields.variable(for: name)
      var candidate = base
      var number = 1
      while let taken = valueOf[candidate], taken != value {
        number += 1
        candidate = "\(base)_\(number)"
      }
      valueOf[candidate] = value
      return candidate
    }
    for line in secretCarrying {
      for field in SecretFields.fields(in: entries[line]) {
        if field.value.contains("{{") {
          for reference in Template.references(in: field.value) where !reference.name.hasPrefix("env.") {
            if !captured.contains(reference.name), let value = variables[reference.name] {
              keep(value, as: reference.name)
            }
          }
        } else {
          let name = variable(for: field.name, value: field.value)
          entries[line] = SecretFields.redacted(entries[line]) { fieldName, value in
            fieldName == field.name && value == field.value ? name : variable(for: fieldName, value: value)
          }
          keep(field.value, as: name)
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

/// What `save` keeps track of beside the transcript's lines.
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
  /// The files this session saved, which a later `save` at the prompt replaces without `--force`.
  var written: Set<String> = []

  /// Notes a statement about to be added to the transcript at `index`.
  /// - Returns: Whether its line may hold secret fields: a text body or a request line.
  mutating func note(_ command: Command, at index: Int) -> Bool {
    switch command {
    case .body(let source):
      clearBody()
      if let source {
        bodyLines.append(BodyLine(index: index, source: source))
        if case .text = source { return true }
      }
      return false
    case .reset:
      clearBody()
      return false
    case .request:
      sendBody()
      return true
    case .load, .use, .set, .unset, .header, .unheader, .expect, .capture, .show, .save, .help, .letVariable,
      .ignore, .redactHeader, .cookies, .follow, .quit:
      return false
    default:
      // `send`, `source`, and any command that may dispatch: whatever it sends keeps the body.
      sendBody()
      return false
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
