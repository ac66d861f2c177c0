/// Why a JSON text did not parse, and where.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What was expected, in words.
  public var message: String
  /// The line of the text, from 1.
  public var line: Int
  /// The column, from 1, counted in bytes.
  public var column: Int

  public var description: String { "\(message) at line \(line), column \(column)" }
}

extension JSONValue {
  /// Parses a JSON text.
  /// - Parameter text: The text; surrounding whitespace is allowed, anything else after the value is not.
  /// - Throws: ``JSONParseError`` naming what was expected and where.
  public init(parsing text: String) throws(JSONParseError) {
    try self.init(parsing: Array(text.utf8))
  }

  /// Parses JSON from UTF-8 bytes.
  /// - Parameter bytes: The bytes.
  /// - Throws: ``JSONParseError`` naming what was expected and where.
  public init(parsing bytes: [UInt8]) throws(JSONParseError) {
    var reader = JSONReader(bytes: bytes)
    reader.skipSpace()
    let value = try reader.value(depth: 0)
    reader.skipSpace()
    if reader.position < bytes.count { throw reader.error("expected the end of the document") }
    self = value
  }
}

/// A recursive-descent reader over UTF-8 bytes.
private struct JSONReader {
  let bytes: [UInt8]
  var position = 0
  static let maxDepth = 512

  init(bytes: [UInt8]) { self.bytes = bytes }

  func error(_ message: String) -> JSONParseError {
    var line = 1
    var lineStart = 0
    for index in 0..<min(position, bytes.count) where bytes[index] == UInt8(ascii: "\n") {
      line += 1
      lineStart = index + 1
    }
    let found =
      position < bytes.count ? " but found '\(Character(Unicode.Scalar(bytes[position])))'" : " but the text ended"
    return JSONParseError(message: message + found, line: line, column: position - lineStart + 1)
  }

  mutating func skipSpace() {
    while position < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[position]) { position += 1 }
  }

  mutating func value(depth: Int) throws(JSONParseError) -> JSONValue {
    guard depth < Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth) levels") }
    guard position < bytes.count else { throw error("expected a value") }
    switch bytes[position] {
    case UInt8(ascii: "{"): return try object(depth: depth)
    case UInt8(ascii: "["): return try array(depth: depth)
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): return try literal("true", .bool(true))
    case UInt8(ascii: "f"): return try literal("false", .bool(false))
    case UInt8(ascii: "n"): return try literal("null", .null)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
    default: throw error("expected a value (an object, array, string, number, true, false or null)")
    }
  }

  mutating func literal(_ word: String, _ value: JSONValue) throws(JSONParseError) -> JSONValue {
    let expected = Array(word.utf8)
    guard bytes.count - position >= expected.count, Array(bytes[position..<position + expected.count]) == expected
    else { throw error("expected '\(word)'") }
    position += expected.count
    return value
  }

  mutating func object(depth: Int) throws(JSONParseError) -> JSONValue {
    position += 1
    var members: [(key: String, value: JSONValue)] = []
    skipSpace()
    if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
      position += 1
      return .object(members)
    }
    while true {
      skipSpace()
      guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
        throw error("expected a member name in double quotes")
      }
      let key = try string()
      skipSpace()
      try consume(":", "expected ':' after the member name")
      skipSpace()
      members.append((key, try value(depth: depth + 1)))
      skipSpace()
      if try separator(close: "}") { return .object(members) }
    }
  }

  mutating func array(depth: Int) throws(JSONParseError) -> JSONValue {
    position += 1
    var items: [JSONValue] = []
    skipSpace()
    if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
      position += 1
      return .array(items)
    }
    while true {
      skipSpace()
      items.append(try value(depth: depth + 1))
      skipSpace()
      if try separator(close: "]") { return .array(items) }
    }
  }

  /// Reads `,` (returning false) or the closing bracket (returning true).
  mutating func separator(close: Character) throws(JSONParseError) -> Bool {
    guard position < bytes.count else { throw error("expected ',' or '\(close)'") }
    if bytes[position] == UInt8(ascii: ",") {
      position += 1
      return false
    }
    if bytes[position] == close.asciiValue! {
      position += 1
      return true
    }
    throw error("expected ',' or '\(close)'")
  }

  mutating func consume(_ character: Character, _ message: String) throws(JSONParseError) {
    guard position < bytes.count, bytes[position] == character.asciiValue! else { throw error(message) }
    position += 1
  }

  mutating func number() throws(JSONParseError) -> JSONValue {
    let start = position
    if bytes[position] == UInt8(ascii: "-") { position += 1 }
    if position < bytes.count, bytes[position] == UInt8(ascii: "0") {
      position += 1
      if digits() > 0 { throw error("expected no digits after a leading zero") }
    } else if digits() == 0 {
      throw error("expected a digit")
    }
    if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
      position += 1
      guard digits() > 0 else { throw error("expected a digit after '.'") }
    }
    if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
      position += 1
      if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
        position += 1
      }
      guard digits() > 0 else { throw error("expected a digit in the exponent") }
    }
    return .number(String(decoding: bytes[start..<position], as: UTF8.self))
  }

  mutating func digits() -> Int {
    let start = position
    while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) { position += 1 }
    return position - start
  }

  mutating func string() throws(JSONParseError) -> String {
    position += 1
    var scalars = String.UnicodeScalarView()
    var run: [UInt8] = []
    func flush() {
      if !run.isEmpty { scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars) }
      run.removeAll(keepingCapacity: true)
    }
    while true {
      guard position < bytes.count else { throw error("expected '\"' to close the string") }
      let byte = bytes[position]
      switch byte {
      case UInt8(ascii: "\""):
        position += 1
        flush()
        return String(scalars)
      case UInt8(ascii: "\\"):
        flush()
        position += 1
        scalars.append(try escape())
      case 0..<0x20:
        throw error("expected a control character in a string to be escaped")
      default:
        run.append(byte)
        position += 1
      }
    }
  }

  mutating func escape() throws(JSONParseError) -> Unicode.Scalar {
    guard position < bytes.count else { throw error("expected an escape after '\\'") }
    let byte = bytes[position]
    position += 1
    switch byte {
    case UInt8(ascii: "\""): return "\""
    case UInt8(ascii: "\\"): return "\\"
    case UInt8(ascii: "/"): return "/"
    case UInt8(ascii: "b"): return "\u{08}"
    case UInt8(ascii: "f"): return "\u{0C}"
    case UInt8(ascii: "n"): return "\n"
    case UInt8(ascii: "r"): return "\r"
    case UInt8(ascii: "t"): return "\t"
    case UInt8(ascii: "u"):
      let high = try hex4()
      if (0xD800..<0xDC00).contains(high), bytes.count - position >= 6, bytes[position] == UInt8(ascii: "\\"),
        bytes[position + 1] == UInt8(ascii: "u")
      {
        position += 2
        let low = try hex4()
        if (0xDC00..<0xE000).contains(low) {
          return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
        }
      }
      return Unicode.Scalar(high) ?? "\u{FFFD}"
    default:
      position -= 1
      throw error("expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX")
    }
  }

  mutating func hex4() throws(JSONParseError) -> UInt32 {
    guard bytes.count - position >= 4 else { throw error("expected four hex digits after \\u") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard let digit = Character(Unicode.Scalar(bytes[position])).hexDigitValue else {
        throw error("expected four hex digits after \\u")
      }
      value = value << 4 | UInt32(digit)
      position += 1
    }
    return value
  }
}
