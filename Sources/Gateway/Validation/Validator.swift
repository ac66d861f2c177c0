/// The checks of `wsgiref.validate`, and the rest of PEP 3333's musts, as pure
/// functions from what was seen to diagnostics.
package enum Validator {
  /// Hop-by-hop headers an app must not send (PEP 3333, "Other HTTP Features").
  static let hopByHopHeaders: Set<String> = [
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "trailers",
    "transfer-encoding", "upgrade",
  ]

  /// Status codes whose responses carry no body.
  static func forbidsBody(_ code: Int?) -> Bool {
    guard let code else { return false }
    return (100..<200).contains(code) || code == 204 || code == 304
  }

  /// The status's code: its first three characters, when they are digits.
  package static func statusCode(_ status: String) -> Int? {
    // The first three bytes, when they are digits and the fourth is ASCII (so
    // no combining mark joins the third digit), are the first three Characters.
    // `nil` when the fourth byte starts a non-ASCII character, which could join the third digit: then read Characters.
    let code: Int?? = status.withUTF8Bytes { bytes in
      guard bytes.count >= 3 else { return .some(nil) }
      if bytes.count > 3, bytes[3] >= 0x80 { return nil }
      var code = 0
      for byte in bytes[..<3] {
        guard byte &- UInt8(ascii: "0") < 10 else { return .some(nil) }
        code = code * 10 + Int(byte &- UInt8(ascii: "0"))
      }
      return code
    }
    return code ?? statusCodeOfCharacters(status)
  }

  private static func statusCodeOfCharacters(_ status: String) -> Int? {
    let digits = status.prefix(3)
    guard digits.count == 3, digits.allSatisfy(\.isASCIIDigit) else { return nil }
    return Int(digits)
  }

  /// The first control character in `text`, if any, as a diagnostic names it.
  static func controlCharacter(in text: String) -> Unicode.Scalar? {
    // Every byte of a multi-byte UTF-8 sequence is 0x80 or more, so the bytes tell alone.
    guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { return nil }
    return text.unicodeScalars.first { $0.value < 0x20 || $0.value == 0x7F }
  }

  /// Whether `text` holds only code points up to U+00FF. In UTF-8 those are the
  /// ASCII bytes and the pairs led by 0xC2 or 0xC3; every later code point starts
  /// with 0xC4 or more, and no continuation byte reaches 0xC0.
  static func isLatin1(_ text: String) -> Bool {
    text.withUTF8Bytes { !$0.contains { $0 >= 0xC4 } }
  }

  /// Whether `text` equals the lowercase ASCII `lowercase` without regard to
  /// ASCII case, as `text.lowercased() == lowercase` would say, allocating nothing.
  static func equalsIgnoringCase(_ text: String, _ lowercase: StaticString) -> Bool {
    guard text.utf8.count == lowercase.utf8CodeUnitCount else { return false }
    return lowercase.withUTF8Buffer { expected in
      text.withUTF8Bytes { bytes in
        zip(bytes, expected).allSatisfy { byte, wanted in
          (byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte) == wanted
        }
      }
    }
  }

  /// Whether every byte of `text` is a digit (and there is at least one).
  static func isDigits(_ text: String) -> Bool {
    !text.isEmpty && text.withUTF8Bytes { $0.allSatisfy { $0 &- UInt8(ascii: "0") < 10 } }
  }
}

extension Character {
  var isASCIIDigit: Bool { asciiValue.map { (0x30...0x39).contains($0) } ?? false }
}

extension String {
  /// Runs `body` over the string's UTF-8 bytes where they lie: a loop over a
  /// buffer, where iterating `utf8` steps through the string's guts byte by byte.
  func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
    // A native string lends its buffer without a copy of the string (and so without a retain).
    if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
    var copy = self  // withUTF8 is mutating only to make a bridged string contiguous.
    return try copy.withUTF8(body)
  }
}
