/// A path a recorded statement names relative to a folder: `body @order.json`,
/// `expect body @page.html`, `source login.gws`, `load cgi:app.cgi`, or the
/// folder a `load python:...` imports from. `save` may write the session to
/// another folder, and the journal is replayed from its own, where the same text
/// would name another file: ``StatementWriter`` rewrites the line to name the same one.
struct RelativePath {
  enum Kind {
    case bodyFile, expectedBodyFile, source, cgiProgram, pythonModule, requestBodyFile, formFile
  }

  /// The statement's place in the transcript.
  var index: Int
  var kind: Kind
  /// The path as written (for a Python app, its spec).
  var written: String
  /// The absolute folder it was resolved against.
  var base: String

  /// The relative path `statement` names, if it names one.
  /// - Parameters:
  ///   - index: The statement's place in the transcript.
  ///   - loadFolder: The folder an app spec of this statement was resolved against.
  init?(of statement: Statement, index: Int, loadFolder: @autoclosure () -> String) {
    self.index = index
    // Read only for the statements that name a file: every recorded statement comes through here.
    var line: String { String(statement.firstLine.trimmingCharacters(in: " \t")) }
    // What the parser resolved the path to, when the statement names a file; an app spec is resolved by the loader.
    let resolved: String?
    switch statement.command {
    case .body(.file(let path)):
      (kind, written, resolved) = (.bodyFile, Self.word(after: "@", in: line, rest: true) ?? "", path)
    case .request(_, _, .body(.file(let path))?):
      (kind, written, resolved) = (.requestBodyFile, Self.word(after: "@", in: line, rest: true) ?? "", path)
    case .form(_, .file(let path, _, _)):
      let upload = line.firstRange(of: "=@").map { String(line[$0.upperBound...].prefix { $0 != ";" }) } ?? ""
      (kind, written, resolved) = (.formFile, upload, path)
    case .expect(.body(.equals(.file(let path)))):
      (kind, written, resolved) = (.expectedBodyFile, Self.word(after: "@", in: line, rest: false) ?? "", path)
    case .source(let path, _):
      (kind, written, resolved) = (.source, Self.word(after: "", in: line, rest: true) ?? "", path)
    case .load(let spec, _, _) where spec.hasPrefix("cgi:") && !spec.hasPrefix("cgi:/"):
      (kind, written, resolved) = (.cgiProgram, String(spec.dropFirst(4)), nil)
    case .load(let spec, _, _) where spec.hasPrefix("python:"):
      (kind, written, resolved) = (.pythonModule, spec, nil)
    default:
      return nil
    }
    guard !written.isEmpty else { return nil }
    if let resolved {
      guard let folder = Self.base(of: resolved, written: written) else { return nil }
      base = folder
    } else {
      base = FilePaths.standardized(loadFolder())
    }
  }

  /// Whether `statement` loads a Python app, which is imported from the working directory
  /// wherever the statement was written, not from its file's folder.
  static func isPythonLoad(_ statement: Statement) -> Bool {
    if case .load(let spec, _, _) = statement.command { return spec.hasPrefix("python:") }
    return false
  }

  /// The folder `resolved` was resolved against, given how it was `written`; `nil` for an absolute path.
  private static func base(of resolved: String, written: String) -> String? {
    guard !written.hasPrefix("/") else { return nil }
    guard resolved != written else { return FilePaths.standardized(FilePaths.workingDirectory) }
    guard resolved.hasSuffix("/" + written) else { return nil }
    return FilePaths.standardized(String(resolved.dropLast(written.count + 1)))
  }

  /// The text after the first space followed by `prefix` in `line`: to the end of
  /// that word, or with `rest` to the end of the line (a `body @path` may hold spaces).
  private static func word(after prefix: String, in line: String, rest: Bool) -> String? {
    guard let start = line.firstRange(of: " " + prefix) else { return nil }
    let after = line[start.upperBound...]
    let text = rest ? String(after.trimmingCharacters(in: " \t\r")) : String(after.prefix { $0 != " " && $0 != "\t" })
    return text.isEmpty ? nil : text
  }

  static func replacingWord(_ word: String, with replacement: String, in line: String) -> String {
    let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    return words.map { $0 == word ? replacement : $0 }.joined(separator: " ")
  }
}

extension Statement {
  /// The statement's first line, without the here-document lines.
  var firstLine: String { String(text.prefix { $0 != "\n" }) }
}
