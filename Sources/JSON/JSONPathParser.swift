/// Reads a JSONPath by RFC 9535's grammar, one Unicode scalar at a time, and
/// checks its function expressions' types as §2.4.3 asks, so that everything
/// the RFC calls an invalid query fails here with the column where it went wrong.
struct JSONPathParser {
  let scalars: [Unicode.Scalar]
  var position = 0

  /// The largest index or slice bound the RFC allows: ±(2^53 − 1), what I-JSON can hold exactly.
  static let integerLimit = (1 << 53) - 1

  static func parse(_ text: String) throws(JSONPathError) -> JSONPath.Query {
    var parser = JSONPathParser(scalars: Array(text.unicodeScalars))
    guard parser.peek == "$" else { throw parser.error("'$' to start the path") }
    let query = try parser.query()
    guard parser.atEnd else {
      throw parser.error(
        parser.peek.map(Self.isBlank) == true
          ? "no whitespace at the end of the path" : "'.name', '..name', '[selector]' or the end of the path")
    }
    return query
  }

  private init(scalars: [Unicode.Scalar]) {
    self.scalars = scalars
  }

  // MARK: Reading

  var atEnd: Bool { position >= scalars.count }
  var peek: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

  func peek(at offset: Int) -> Unicode.Scalar? {
    position + offset < scalars.count ? scalars[position + offset] : nil
  }

  func error(_ expected: String, at index: Int? = nil) -> JSONPathError {
    // Columns count characters as the session language does, not scalars.
    let end = min(index ?? position, scalars.count)
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars[..<end])
    return JSONPathError(column: String(view).count + 1, expected: expected)
  }

  static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
    scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
  }

  static func isDigit(_ scalar: Unicode.Scalar?) -> Bool {
    guard let scalar else { return false }
    return ("0"..."9").contains(scalar)
  }

  static func isNameFirst(_ scalar: Unicode.Scalar) -> Bool {
    ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_" || scalar.value >= 0x80
  }

  mutating func skipBlanks() {
    while let scalar = peek, Self.isBlank(scalar) { position += 1 }
  }

  mutating func take(_ scalar: Unicode.Scalar) -> Bool {
    guard peek == scalar else { return false }
    position += 1
    return true
  }

  mutating func take(_ text: String) -> Bool {
    let wanted = Array(text.unicodeScalars)
    guard position + wanted.count <= scalars.count, Array(scalars[position..<position + wanted.count]) == wanted
    else { return false }
    position += wanted.count
    return true
  }

  // MARK: Queries and segments

  /// `$` or `@` and the segments after it; stops before anything that is not a segment.
  mutating func query() throws(JSONPathError) -> JSONPath.Query {
    let relative = peek == "@"
    position += 1
    var segments: [JSONPath.Segment] = []
    while true {
      let before = position
      skipBlanks()
      guard peek == "." || peek == "[" else {
        position = before
        break
      }
      segments.append(try segment())
    }
    return JSONPath.Query(relative: relative, segments: segments)
  }

  mutating func segment() throws(JSONPathError) -> JSONPath.Segment {
    if take("[") { return .child(try bracketedSelection()) }
    position += 1  // the "."
    if take(".") {
      if take("[") { return .descendant(try bracketedSelection()) }
      if take("*") { return .descendant([.wildcard]) }
      guard let scalar = peek, Self.isNameFirst(scalar) else {
        throw error("a member name, '*' or '[' after '..'")
      }
      return .descendant([.name(memberNameShorthand())])
    }
    if take("*") { return .child([.wildcard]) }
    guard let scalar = peek, Self.isNameFirst(scalar) else {
      throw error(
        peek.map(Self.isBlank) == true
          ? "a member name right after '.', without whitespace" : "a member name or '*' after '.'")
    }
    return .child([.name(memberNameShorthand())])
  }

  mutating func memberNameShorthand() -> String {
    var name = String.UnicodeScalarView()
    while let scalar = peek, Self.isNameFirst(scalar) || Self.isDigit(scalar) {
      name.append(scalar)
      position += 1
    }
    return String(name)
  }

  /// The selectors after `[`, up to and including `]`.
  mutating func bracketedSelection() throws(JSONPathError) -> [JSONPath.Selector] {
    var selectors: [JSONPath.Selector] = []
    while true {
      skipBlanks()
      selectors.append(try selector())
      skipBlanks()
      if take(",") { continue }
      if take("]") { return selectors }
      throw error("',' or ']'")
    }
  }

  mutating func selector() throws(JSONPathError) -> JSONPath.Selector {
    switch peek {
    case "'", "\"": return .name(try stringLiteral())
    case "*":
      position += 1
      return .wildcard
    case "?":
      position += 1
      skipBlanks()
      return .filter(try filterExpression())
    case ":": return try slice(start: nil)
    case let scalar? where scalar == "-" || Self.isDigit(scalar):
      let start = try integer()
      let afterInteger = position
      skipBlanks()
      if peek == ":" { return try slice(start: start) }
      position = afterInteger
      return .index(start)
    default:
      throw error("an index such as [0] or [-1], a quoted name, '*', a slice such as [1:3] or a filter [?…]")
    }
  }

  /// The rest of `start:end:step` from the first `:`.
  mutating func slice(start: Int?) throws(JSONPathError) -> JSONPath.Selector {
    position += 1  // the ":"
    skipBlanks()
    var end: Int?
    if peek == "-" || Self.isDigit(peek) {
      end = try integer()
      skipBlanks()
    }
    var step: Int?
    if take(":") {
      skipBlanks()
      if peek == "-" || Self.isDigit(peek) { step = try integer() }
    }
    return .slice(start: start, end: end, step: step)
  }

  /// An index or slice bound: `0`, or an optional `-` and digits without a leading zero.
  mutating func integer() throws(JSONPathError) -> Int {
    let start = position
    let negative = take("-")
    guard Self.isDigit(peek) else { throw error("a digit") }
    if peek == "0" {
      if negative { throw error("a digit from 1 to 9: '-0' is not an index", at: start) }
      if Self.isDigit(peek(at: 1)) { throw error("no leading zero in an integer", at: start) }
    }
    var value = 0
    while let scalar = peek, Self.isDigit(scalar) {
      value = value * 10 + Int(scalar.value - 48)
      position += 1
      if value > Self.integerLimit {
        throw error("an integer between -9007199254740991 and 9007199254740991", at: start)
      }
    }
    return negative ? -value : value
  }

  // MARK: Literals

  /// A string in single or double quotes, with JSON's escapes plus `\'` in single quotes.
  mutating func stringLiteral() throws(JSONPathError) -> String {
    let quote = scalars[position]
    position += 1
    var text = String.UnicodeScalarView()
    while true {
      guard let scalar = peek else { throw error("\(quote) to close the string") }
      position += 1
      switch scalar {
      case quote:
        return String(text)
      case "\\":
        text.append(try escape(quote: quote))
      case _ where scalar.value < 0x20:
        throw error("a control character in a string to be escaped, as \\n or \\u001f", at: position - 1)
      default:
        text.append(scalar)
      }
    }
  }

  mutating func escape(quote: Unicode.Scalar) throws(JSONPathError) -> Unicode.Scalar {
    guard let scalar = peek else { throw error("an escape after '\\'") }
    position += 1
    switch scalar {
    case quote, "\\", "/": return scalar
    case "b": return "\u{08}"
    case "f": return "\u{0C}"
    case "n": return "\n"
    case "r": return "\r"
    case "t": return "\t"
    case "u":
      let start = position - 2
      let first = try hex4()
      switch first {
      case 0xD800..<0xDC00:
        guard take("\\u") else { throw error("'\\u' and a low surrogate after a high surrogate") }
        let second = try hex4()
        guard (0xDC00..<0xE000).contains(second) else {
          throw error("a low surrogate (\\uDC00 to \\uDFFF) after a high surrogate", at: position - 6)
        }
        return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))!
      case 0xDC00..<0xE000:
        throw error("a high surrogate before a low surrogate", at: start)
      default:
        return Unicode.Scalar(first)!
      }
    default:
      position -= 1
      throw error("one of \\b \\f \\n \\r \\t \\/ \\\\ \\\(quote) \\uXXXX")
    }
  }

  mutating func hex4() throws(JSONPathError) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard let scalar = peek, let digit = Character(scalar).hexDigitValue, scalar.isASCII else {
        throw error("four hex digits after \\u")
      }
      value = value << 4 | UInt32(digit)
      position += 1
    }
    return value
  }

  /// A number as RFC 9535 writes one: `-0` is allowed, leading zeros and a bare `.` are not.
  mutating func numberLiteral() throws(JSONPathError) -> JSONValue {
    let start = position
    _ = take("-")
    guard Self.isDigit(peek) else { throw error("a digit") }
    if take("0") {
      if Self.isDigit(peek) { throw error("no leading zero in a number", at: start) }
    } else {
      while Self.isDigit(peek) { position += 1 }
    }
    if take(".") {
      guard Self.isDigit(peek) else { throw error("a digit after '.'") }
      while Self.isDigit(peek) { position += 1 }
    }
    if take("e") || take("E") {
      if !take("-") { _ = take("+") }
      guard Self.isDigit(peek) else { throw error("a digit in the exponent") }
      while Self.isDigit(peek) { position += 1 }
    }
    var text = String.UnicodeScalarView()
    text.append(contentsOf: scalars[start..<position])
    return .number(String(text))
  }
}
