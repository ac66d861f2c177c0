/// `ignore header|json|body|errors ...`.
extension CommandParser {
  static let ignoreWords = ["header", "json", "body", "errors"]

  /// `ignore header Name`, `ignore json PATH`, `ignore body ~ regex`, `ignore errors ~ regex`.
  mutating func parseIgnore() throws(SessionError) -> Command {
    let what = "what to ignore: 'header Name', 'json PATH', 'body ~ regex' or 'errors ~ regex'"
    cursor.skipSpaces()
    let before = cursor
    let kind = try requireWord(what)
    switch kind {
    case "header":
      let name = try requireWord("a header name, as in 'ignore header Date'")
      try end()
      return .ignore(.header(name))
    case "json":
      let path = try jsonPath()
      try end()
      return .ignore(.json(path))
    case "body", "errors":
      guard cursor.peekWord() == "~" else { throw expected("'~ regex' after 'ignore \(kind)'") }
      _ = cursor.word()
      let pattern = try pattern()
      return .ignore(kind == "body" ? .body(pattern) : .errors(pattern))
    default:
      cursor = before
      throw unexpected(kind, what, among: Self.ignoreWords, after: "ignore")
    }
  }
}
