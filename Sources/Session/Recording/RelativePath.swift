/// A path a recorded statement names relative to a folder: `body @order.json`,
/// `expect body @page.html`, `source login.gws`, `load cgi:app.cgi`, or the
/// folder a `load python:...` imports from. `save` may write the session to
/// another folder, where the same text would name another file; the saved
/// line is rewritten to name the same one.
struct RelativePath {
  enum Kind {
    case bodyFile, expectedBodyFile, source, cgiProgram, pythonModule
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
    switch statement.command {
    case .body(.file(let resolved)):
      guard let written = Self.word(after: "@", in: statement.firstLine, rest: true) else { return nil }
      (kind, self.written) = (.bodyFile, written)
      guard let base = Self.base(of: resolved, written: written) else { return nil }
      self.base = base
    case .expect(.body(.equals(.file(let resolved)))):
      guard let written = Self.word(after: "@", in: statement.firstLine, rest: false) else { return nil }
      (kind, self.written) = (.expectedBodyFile, written)
      guard let base = Self.base(of: resolved, written: written) else { return nil }
      self.base = base
    case .source(let resolved, _):
      let words = statement.firstLine.split(separator: " ", omittingEmptySubsequences: true)
      guard words.count == 2 else { return nil }
      (kind, written) = (.source, String(words[1]))
      guard let base = Self.base(of: resolved, written: written) else { return nil }
      self.base = base
    case .load(let spec, _, _):
      if spec.hasPrefix("cgi:"), !spec.hasPrefix("cgi:/") {
        (kind, written) = (.cgiProgram, String(spec.dropFirst(4)))
      } else if spec.hasPrefix("python:") {
        (kind, written) = (.pythonModule, spec)
      } else {
        return nil
      }
      base = FilePaths.standardized(loadFolder())
    default:
      return nil
    }
  }

  /// The statement's text, naming the same file from `folder`: unchanged when it already does.
  func text(_ text: String, from folder: String) -> String {
    guard FilePaths.standardized(folder) != base else { return text }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let moved = FilePaths.relative(FilePaths.standardized(base + "/" + written), from: folder)
    switch kind {
    case .bodyFile:
      lines[0] = "body @" + moved
    case .expectedBodyFile:
      lines[0] = Self.replacingWord("@" + written, with: "@" + moved, in: lines[0])
    case .source:
      lines[0] = "source " + moved
    case .cgiProgram:
      lines[0] = Self.replacingWord("cgi:" + written, with: "cgi:" + moved, in: lines[0])
    case .pythonModule:
      // A module is imported from the working directory, which a file cannot name.
      return "# \(written) was imported from \(base): replay this file with PYTHONPATH=\(base)\n" + text
    }
    return lines.joined(separator: "\n")
  }

  /// The folder `resolved` was resolved against, given how it was `written`; `nil` for an absolute path.
  private static func base(of resolved: String, written: String) -> String? {
    guard !written.hasPrefix("/") else { return nil }
    guard resolved != written else { return FilePaths.standardized(FilePaths.workingDirectory) }
    guard resolved.hasSuffix("/" + written) else { return nil }
    return FilePaths.standardized(String(resolved.dropLast(written.count + 1)))
  }

  /// The text after `prefix` in the first word that starts with it (or the rest of the line, with `rest`).
  private static func word(after prefix: String, in line: String, rest: Bool) -> String? {
    guard let start = line.firstRange(of: " " + prefix) else { return nil }
    let after = line[start.upperBound...]
    let text = rest ? String(after.trimmingCharacters(in: " \t\r")) : String(after.prefix { $0 != " " && $0 != "\t" })
    return text.isEmpty ? nil : text
  }

  private static func replacingWord(_ word: String, with replacement: String, in line: String) -> String {
    let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    return words.map { $0 == word ? replacement : $0 }.joined(separator: " ")
  }
}

extension Statement {
  /// The statement's first line, without the here-document lines.
  var firstLine: String { String(text.prefix { $0 != "\n" }) }
}
