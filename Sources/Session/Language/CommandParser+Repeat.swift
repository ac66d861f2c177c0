extension CommandParser {
  /// `profile METHOD /path?query`.
  mutating func parseProfile() throws(SessionError) -> Command {
    let method = try requireWord("a request line after profile, as in 'profile GET /'")
    guard Self.isMethod(method) else {
      throw .expected(
        "an upper-case method, as in 'profile GET /'", found: method, SourceLine(location, line: line))
    }
    let target = try requireWord("a request target after the method, such as /path?query")
    try end()
    return .profile(method: method, target: Template(target))
  }

  /// `repeat N METHOD /path?query`.
  mutating func parseRepeat() throws(SessionError) -> Command {
    let countWord = try requireWord("how many times, as in 'repeat 100 GET /'")
    guard let count = Int(countWord), count > 0, count <= 1_000_000 else {
      throw .expected(
        "a count from 1 to 1000000, as in 'repeat 100 GET /'", found: countWord, SourceLine(location, line: line))
    }
    let method = try requireWord("a request line after the count, as in 'repeat 100 GET /'")
    guard Self.isMethod(method) else {
      throw .expected(
        "an upper-case method, as in 'repeat 100 GET /'", found: method, SourceLine(location, line: line))
    }
    let target = try requireWord("a request target after the method, such as /path?query")
    try end()
    return .repeatRequest(count: count, method: method, target: Template(target))
  }
}
