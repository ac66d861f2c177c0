import JSON

/// `expect` and `capture`: the commands that read the last response.
extension CommandParser {
  static let expectKinds = "status, header, body, json, errors, diagnostic or chunks"

  mutating func parseExpectation() throws(SessionError) -> Expectation {
    let before = cursor
    let kindRange = try requireWordRange("what to check: \(Self.expectKinds)")
    // `expect status 200` is most of a replay's expectations: read it on its bytes.
    let kind = cursor.matches(kindRange, "status") ? "status" : cursor.text(kindRange)
    switch kind {
    case "status":
      let codeRange = try requireWordRange("a status code, as in 'expect status 200'")
      let code: Int
      if let digits = Self.threeDigits(cursor.bytes[codeRange]) {
        code = digits
      } else {
        // Any other word is read as text, as it always was (`+12` is three characters and a number).
        let codeText = cursor.text(codeRange)
        guard codeText.count == 3, let parsed = Int(codeText) else {
          throw .expected("a three-digit status code", found: codeText, here)
        }
        code = parsed
      }
      let reason = cursor.rest()
      return .status(code: code, reason: reason.isEmpty ? nil : reason)
    case "header": return try parseHeaderExpectation()
    case "body": return .body(try parseBodyCheck())
    case "json":
      let path = try jsonPath()
      return .json(path: path, check: try parseJSONCheck())
    case "errors":
      if let hereDocument { return .errors(.equals(hereDocumentTemplate(hereDocument))) }
      if cursor.peekWord() == "empty" {
        _ = cursor.word()
        try end()
        return .errors(.absent)
      }
      if let quoted = try quotedText() { return .errors(.equals(Template(quoted, expands: false))) }
      return .errors(try patternCheck("'<<END', '~ regex', '!~ regex' or 'empty' after 'expect errors'"))
    case "diagnostic":
      let id = try requireWord("a diagnostic id, as in 'expect diagnostic status.format'")
      let state = cursor.word()
      guard state == nil || state == "absent" || state == "present" else {
        throw .expected("'absent', 'present' or the end of the line", found: state, here)
      }
      try end()
      return .diagnostic(id: id, present: state != "absent")
    case "chunks":
      let text = try requireWord("a chunk count, as in 'expect chunks 3'")
      guard let count = Int(text), count >= 0 else { throw .expected("a chunk count", found: text, here) }
      try end()
      return .chunks(count)
    default:
      cursor = before
      cursor.skipSpaces()
      throw unexpected(kind, "what to check: \(Self.expectKinds)", among: Self.expectWords, after: "expect")
    }
  }

  static let expectWords = ["status", "header", "body", "json", "errors", "diagnostic", "chunks"]

  /// The value of three ASCII digits, or `nil` for any other word.
  static func threeDigits(_ word: ArraySlice<UInt8>) -> Int? {
    guard word.count == 3 else { return nil }
    var value = 0
    for byte in word {
      guard byte &- UInt8(ascii: "0") < 10 else { return nil }
      value = value * 10 + Int(byte &- UInt8(ascii: "0"))
    }
    return value
  }

  mutating func parseHeaderExpectation() throws(SessionError) -> Expectation {
    cursor.skipSpaces()
    let start = cursor
    var name = ""
    while let next = cursor.next, !next.isSpace, next != ":" {
      name.unicodeScalars.append(next)
      _ = cursor.consume(next)
    }
    guard !name.isEmpty else {
      cursor = start
      throw expected("a header name, as in 'expect header Content-Type: text/html'")
    }
    if cursor.consume(":") { return .header(name: name, check: .equals(Template(cursor.rest()))) }
    switch cursor.peekWord() {
    case "absent", "present":
      let word = cursor.word()
      try end()
      return .header(name: name, check: word == "absent" ? .absent : .present)
    default:
      return .header(
        name: name, check: try patternCheck("': value', '~ regex', '!~ regex', 'absent' or 'present' after \(name)"))
    }
  }

  mutating func parseBodyCheck() throws(SessionError) -> BodyCheck {
    if let hereDocument {
      if cursor.peekWord() == "base64" { return .equals(.bytes(try base64(hereDocument))) }
      return .equals(.text(hereDocumentTemplate(hereDocument)))
    }
    if let quoted = try quotedText() { return .equals(.text(Template(quoted, expands: false))) }
    switch cursor.peekWord() {
    case "size":
      _ = cursor.word()
      let text = try requireWord("a byte count after 'size'")
      guard let size = Int(text), size >= 0 else { throw .expected("a byte count", found: text, here) }
      try end()
      return .size(size)
    case "sha256":
      _ = cursor.word()
      let digest = try requireWord("a SHA-256 in hex after 'sha256'")
      guard digest.count == 64, digest.allSatisfy(\.isHexDigit) else {
        throw .expected("64 hex digits", found: digest, here)
      }
      try end()
      return .sha256(digest.lowercased())
    case let word where word.hasPrefix("@"):
      cursor.skipSpaces()
      let column = cursor.column
      _ = cursor.word()
      try end()
      return .equals(.file(path: try existingFile(String(word.dropFirst()), column: column)))
    default:
      switch try patternCheck("'<<END', '\"text\"', '@file', '~ regex', '!~ regex', 'size N' or 'sha256 HEX'") {
      case .matches(let pattern): return .matches(pattern)
      case .notMatches(let pattern): return .notMatches(pattern)
      default: throw expected("a body check")
      }
    }
  }

  mutating func jsonPath() throws(SessionError) -> JSONPath {
    cursor.skipSpaces()
    let start = cursor
    guard let range = cursor.takeJSONPath() else { throw expected("a JSONPath such as $.items[0].id") }
    let text = cursor.text(range)
    do {
      return try JSONPath(parsing: text)
    } catch {
      var at = location
      at.column = start.column + error.column - 1
      throw .badJSONPath(text, error, SourceLine(at, line: line))
    }
  }

  /// `~ regex` or `!~ regex`, the regex checked now unless it holds variables.
  mutating func patternCheck(_ what: String) throws(SessionError) -> TextCheck {
    let operation = cursor.peekWord()
    guard operation == "~" || operation == "!~" else { throw expected(what) }
    _ = cursor.word()
    let pattern = try pattern()
    return operation == "~" ? .matches(pattern) : .notMatches(pattern)
  }

  mutating func pattern() throws(SessionError) -> Pattern {
    cursor.skipSpaces()
    let start = cursor
    let text = cursor.rest()
    guard !text.isEmpty else { throw expected("a regular expression") }
    let template = Template(text)
    if !template.hasVariables {
      do {
        _ = try Regex(text)
      } catch {
        var at = location
        at.column = start.column
        throw .badRegex(text, reason: "\(error)", SourceLine(at, line: line))
      }
    }
    return Pattern(source: template)
  }

  /// A `"..."` JSON string literal making up the rest of the line, or `nil` when the rest is something else.
  mutating func quotedText() throws(SessionError) -> String? {
    cursor.skipSpaces()
    // The quote's byte, not the first Character: a combining mark after the quote joins it in one
    // Character (`"` and U+0344 are one grapheme), and the string would not be seen as quoted.
    guard cursor.peekWord().utf8.first == UInt8(ascii: "\"") else { return nil }
    let start = cursor
    let text = cursor.rest()
    do {
      if case .string(let value) = try JSONValue(parsing: text) { return value }
    } catch {}
    cursor = start
    throw expected("a quoted string with JSON escapes, such as \"line\\n\"")
  }

  mutating func parseCapture() throws(SessionError) -> Command {
    let name = try variableName("a variable name, as in 'capture token json $.token'")
    let before = cursor
    let source = try requireWord("'header Name', 'json PATH', 'body ~ regex' or 'cookie NAME' after the name")
    switch source {
    case "header":
      let header = try requireWord("a header name after 'header'")
      try end()
      return .capture(name: name, source: .header(header))
    case "json":
      let path = try jsonPath()
      try end()
      return .capture(name: name, source: .json(path))
    case "body":
      guard cursor.word() == "~" else { throw expected("'~ regex' after 'body'") }
      return .capture(name: name, source: .body(try pattern()))
    case "cookie":
      let cookie = try requireWord("a cookie name after 'cookie'")
      try end()
      return .capture(name: name, source: .cookie(cookie))
    default:
      cursor = before
      cursor.skipSpaces()
      throw unexpected(
        source, "'header Name', 'json PATH', 'body ~ regex' or 'cookie NAME'",
        among: ["header", "json", "body", "cookie"],
        after: "capture \(name)")
    }
  }
}
