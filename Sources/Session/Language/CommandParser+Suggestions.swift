/// "Did you mean": the error for a mistyped word where one of a few belongs.
extension CommandParser {
  /// The error for `word` where one of `choices` belongs (the cursor at it): "did you mean" the nearest
  /// choice when it is a likely typo, else what was expected.
  func unexpected(_ word: String, _ what: String, among choices: [String], after command: String?) -> SessionError {
    var probe = cursor
    probe.skipSpaces()
    var at = location
    at.column = probe.column
    let context = SourceLine(at, line: line)
    guard let nearest = SessionParser.suggestion(for: word, among: choices) else {
      return .expected(what, found: word, context)
    }
    return .misspelt(word, expected: what, suggestion: command.map { "\($0) \(nearest)" } ?? nearest, context)
  }
}
