import Platform

/// `save`: the transcript as a runnable session file, secrets optionally turned into variables.
extension SessionEngine {
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
  func save(to path: String, redact: Bool, force: Bool, _ context: SourceLine) throws(SessionError)
    -> [SessionEvent]
  {
    let folder = FileIO.folder(of: path)
    if FileSystem.kind(of: path) == .directory {
      let example = (path.hasSuffix("/") ? path : path + "/") + "session.gws"
      throw .fileFailed(path: path, reason: "it is a folder; save writes a file, such as '\(example)'", context)
    }
    if FileSystem.kind(of: folder) != .directory {
      throw .fileFailed(path: path, reason: "there is no folder '\(folder)' to save into; create it first", context)
    }
    let typed = context.location.file == "<prompt>"
    if typed, !force, !transcript.saving.written.contains(path), FileSystem.allows(.exists, path) {
      let written = context.line.split(separator: " ").dropFirst().first { !$0.hasPrefix("--") } ?? Substring(path)
      throw .fileFailed(
        path: path,
        reason:
          "the file already exists, and this session did not write it; 'save --force \(written)' replaces it, or choose another name",
        context)
    }
    do {
      try FileIO.write(savedText(redact: redact, folder: folder), to: path)
    } catch {
      throw .fileFailed(path: path, reason: "\(error)", context)
    }
    transcript.wrote(path)
    var events: [SessionEvent] = [.saved(path: path)]
    for file in transcript.sentBodyFiles where !FileSystem.allows(.read, file) {
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
    transcript.savedText(redact: redact, folder: folder, variables: variables, redactedHeaders: redactedHeaders)
  }

  /// The statement's text as the journal writes it: each file it names, named absolutely
  /// (as ``StatementWriter`` writes it for `save`, relative to the saved file's folder).
  package func journalText(of statement: Statement) -> String {
    guard let path = relativePath(of: statement, index: 0) else { return statement.text }
    return StatementWriter(destination: .absolute).text(statement.text, naming: path)
  }

  /// What `save` must know of a statement beside its text.
  func note(for statement: Statement) -> Transcript.Note? {
    switch statement.command {
    case .header(let name, let value):
      guard let expanded = try? expand(value, context(of: statement)) else { return nil }
      let variables = value.expands ? Template.references(in: value.text).map(\.name) : []
      return .header(name: name, value: expanded, variables: variables)
    case .auth(let authorization):
      guard let expanded = try? authorizationValue(authorization, context(of: statement)) else { return nil }
      // Saved as the header it sends, so `save --redact` hides it as it hides that header.
      let templates: [Template]
      switch authorization {
      case .basic(let user, let password): templates = [user, password]
      case .bearer(let token): templates = [token]
      }
      let variables = templates.flatMap { $0.expands ? Template.references(in: $0.text).map(\.name) : [] }
      return .header(name: "Authorization", value: expanded, variables: variables)
    case .letVariable(let name, let value):
      return .definition(name: name, kind: value.hasVariables ? .derivedLet : .literalLet)
    case .capture(let name, _):
      return .definition(name: name, kind: .capture)
    default:
      return relativePath(of: statement, index: transcript.count).map { .path($0) }
    }
  }

  /// The file the statement names relative to a folder, if it names one.
  private func relativePath(of statement: Statement, index: Int) -> RelativePath? {
    RelativePath(
      of: statement, index: index,
      loadFolder: loader.folder(relativeTo: RelativePath.isPythonLoad(statement) ? nil : directory(of: statement)))
  }
}
