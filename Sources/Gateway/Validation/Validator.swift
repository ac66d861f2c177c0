/// The checks of `wsgiref.validate`, and the rest of PEP 3333's musts, as pure
/// functions from what was seen to diagnostics.
enum Validator {
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

  static func statusCode(_ status: String) -> Int? {
    let digits = status.prefix(3)
    guard digits.count == 3, digits.allSatisfy(\.isASCIIDigit) else { return nil }
    return Int(digits)
  }

  /// The first control character in `text`, if any, as a diagnostic names it.
  static func controlCharacter(in text: String) -> Unicode.Scalar? {
    text.unicodeScalars.first { $0.value < 0x20 || $0.value == 0x7F }
  }

  static func isLatin1(_ text: String) -> Bool {
    text.unicodeScalars.allSatisfy { $0.value <= 0xFF }
  }
}

extension Character {
  var isASCIIDigit: Bool { asciiValue.map { (0x30...0x39).contains($0) } ?? false }
}

extension Unicode.Scalar {
  /// The scalar as a message shows it: `\r`, `\n`, `\x1b`, `U+00E9`.
  var escaped: String { String(self).quoted.dropFirst().dropLast().description }
}
