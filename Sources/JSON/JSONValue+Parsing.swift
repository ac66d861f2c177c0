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
  ///
  /// Arrays and objects may nest 512 deep, the same limit ``JSONLayout`` keeps.
  /// - Parameter bytes: The bytes.
  /// - Throws: ``JSONParseError`` naming what was expected and where.
  public init(parsing bytes: [UInt8]) throws(JSONParseError) {
    let result = bytes.withUnsafeBufferPointer { buffer -> Result<JSONValue, JSONParseError> in
      var builder = JSONBuilder(scanner: JSONScanner(buffer))
      do throws(JSONScanner.Failure) {
        guard let first = try builder.scanner.next() else { throw JSONScanner.Failure(message: "") }
        let value = try builder.value(first)
        _ = try builder.scanner.next()
        return .success(value)
      } catch {
        return .failure(builder.error(error.message))
      }
    }
    self = try result.get()
  }
}

/// Builds values from the scanner's tokens.
private struct JSONBuilder {
  var scanner: JSONScanner

  func error(_ message: String) -> JSONParseError {
    let bytes = scanner.bytes
    let position = scanner.position
    var line = 1
    var lineStart = 0
    for index in 0..<min(position, bytes.count) where bytes[index] == UInt8(ascii: "\n") {
      line += 1
      lineStart = index + 1
    }
    let found =
      position < bytes.count ? " but found '\(Character(Unicode.Scalar(bytes[position])))'" : " but the text ended"
    return JSONParseError(
      message: (message.isEmpty ? "expected a value" : message) + found, line: line, column: position - lineStart + 1)
  }

  mutating func value(_ token: JSONScanner.Token) throws(JSONScanner.Failure) -> JSONValue {
    switch token {
    case .objectStart:
      var members: [(key: String, value: JSONValue)] = []
      while let next = try scanner.next() {
        guard case .name(let range, let escaped) = next else { break }
        let key = text(range, escaped: escaped)
        guard let valueToken = try scanner.next() else { break }
        members.append((key, try value(valueToken)))
      }
      return .object(members)
    case .arrayStart:
      var items: [JSONValue] = []
      while let next = try scanner.next(), next != .arrayEnd {
        items.append(try value(next))
      }
      return .array(items)
    case .string(let range, let escaped): return .string(text(range, escaped: escaped))
    case .number(let range): return .number(String(decoding: scanner.slice(range), as: UTF8.self))
    case .true: return .bool(true)
    case .false: return .bool(false)
    case .null: return .null
    case .objectEnd, .arrayEnd, .name:
      // The scanner hands these out only where a container ends or a member begins.
      return .null
    }
  }

  /// A string token's text, its escapes decoded (the scanner has checked them).
  func text(_ range: Range<Int>, escaped: Bool) -> String {
    let bytes = scanner.bytes
    let inner = range.lowerBound + 1..<range.upperBound - 1
    guard escaped else { return String(decoding: scanner.slice(inner), as: UTF8.self) }
    var decoded: [UInt8] = []
    decoded.reserveCapacity(inner.count)
    var index = inner.lowerBound
    while index < inner.upperBound {
      let byte = bytes[index]
      guard byte == UInt8(ascii: "\\") else {
        decoded.append(byte)
        index += 1
        continue
      }
      let kind = bytes[index + 1]
      index += 2
      switch kind {
      case UInt8(ascii: "b"): decoded.append(0x08)
      case UInt8(ascii: "f"): decoded.append(0x0C)
      case UInt8(ascii: "n"): decoded.append(0x0A)
      case UInt8(ascii: "r"): decoded.append(0x0D)
      case UInt8(ascii: "t"): decoded.append(0x09)
      case UInt8(ascii: "u"):
        var scalar = hex4(at: index)
        index += 4
        if (0xD800..<0xDC00).contains(scalar), index + 6 <= inner.upperBound, bytes[index] == UInt8(ascii: "\\"),
          bytes[index + 1] == UInt8(ascii: "u")
        {
          let low = hex4(at: index + 2)
          if (0xDC00..<0xE000).contains(low) {
            index += 6
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          }
        }
        // A lone surrogate has no scalar: it reads as the replacement character.
        decoded.append(contentsOf: UTF8.encode(Unicode.Scalar(scalar) ?? "\u{FFFD}")!)
      default: decoded.append(kind)  // \" \\ \/
      }
    }
    return String(decoding: decoded, as: UTF8.self)
  }

  private func hex4(at index: Int) -> UInt32 {
    var value: UInt32 = 0
    for offset in 0..<4 { value = value << 4 | (JSONScanner.hexValue(scanner.bytes[index + offset]) ?? 0) }
    return value
  }
}
