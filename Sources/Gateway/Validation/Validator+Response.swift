extension Validator {
  /// `wsgiref.validate.check_status`, plus control characters and latin-1.
  static func checkStatus(_ status: String) -> [Diagnostic] {
    if isPlainStatus(status) { return [] }
    if let bad = controlCharacter(in: status) {
      return [
        Diagnostic(
          .statusCharacters, "The status \(status.quoted) holds the control character \(VisibleText.escaped(bad)).")
      ]
    }
    if !isLatin1(status) {
      return [Diagnostic(.statusCharacters, "The status \(status.quoted) holds code points past U+00FF.")]
    }
    let code = status.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    guard code.count == 3, code.allSatisfy(\.isASCIIDigit), let number = Int(code), number >= 100 else {
      return [
        Diagnostic(
          .statusFormat, "The status \(status.quoted) does not start with a three-digit code of 100 or more.")
      ]
    }
    let chars = Array(status)
    if chars.count < 4 || chars[3] != " " || status.dropFirst(4).trimmingSpaces.isEmpty {
      return [Diagnostic(.statusReason, "The status \(status.quoted) has no reason phrase, as in '\(number) OK'.")]
    }
    return []
  }

  /// `wsgiref.validate.check_headers` and `check_content_type`, plus CR/LF
  /// injection, latin-1, hop-by-hop headers, duplicates and Content-Length.
  static func checkHeaders(_ headers: [HeaderField], status: String) -> [Diagnostic] {
    if arePlainHeaders(headers, status: status) { return [] }
    var found: [Diagnostic] = []
    var counts: [String: Int] = [:]
    for header in headers {
      let lower = header.name.lowercased()
      counts[lower, default: 0] += 1
      found.add(checkName(header.name))
      found.add(checkValue(header))
      if lower == "status" {
        found.append(
          Diagnostic(
            .headerStatus,
            "The app sent a Status header (\(header.value.quoted)); the status goes in the status argument."))
      }
      if hopByHopHeaders.contains(lower) {
        found.append(
          Diagnostic(.headerHopByHop, "The app sent the hop-by-hop header \(header.name); only the server may."))
      }
      if lower == "content-length", !(header.value.allSatisfy(\.isASCIIDigit) && Int(header.value) != nil) {
        found.append(
          Diagnostic(.headerContentLength, "Content-Length \(header.value.quoted) is not a non-negative integer."))
      }
    }
    for name in ["Content-Type", "Content-Length", "Location"] where counts[name.lowercased(), default: 0] > 1 {
      found.append(Diagnostic(.headerDuplicate, "\(name) appears \(counts[name.lowercased()]!) times."))
    }
    // A missing Content-Type is checked once the body ended (Validator.checkContentType): a response
    // with an empty body, such as a 201 Created or a redirect, needs none.
    let code = statusCode(status)
    if forbidsBody(code), counts["content-type", default: 0] > 0 {
      found.append(
        Diagnostic(.headerContentTypeForbidden, "A \(code!) response has no body, yet it has a Content-Type."))
    }
    return found
  }

  private static let tokenPunctuation = Set("!#$%&'*+-.^_`|~")

  private static func checkName(_ name: String) -> [Diagnostic] {
    if name.isEmpty { return [Diagnostic(.headerName, "A header has an empty name.")] }
    if !isLatin1(name) {
      return [Diagnostic(.headerLatin1, "The header name \(name.quoted) holds code points past U+00FF.")]
    }
    let isToken = name.allSatisfy { character in
      guard let ascii = character.asciiValue else { return false }
      return (0x30...0x39).contains(ascii) || (0x41...0x5A).contains(ascii) || (0x61...0x7A).contains(ascii)
        || tokenPunctuation.contains(character)
    }
    if !isToken {
      return [
        Diagnostic(
          .headerName, "The header name \(name.quoted) is not an HTTP token (no spaces, colons or control characters).")
      ]
    }
    if name.hasSuffix("-") || name.hasSuffix("_") {
      return [Diagnostic(.headerName, "The header name \(name.quoted) ends in '\(name.last!)'.")]
    }
    return []
  }

  private static func checkValue(_ header: HeaderField) -> [Diagnostic] {
    let value = header.value
    if value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) {
      return [Diagnostic(.headerValueCRLF, "The value of \(header.name) holds CR or LF: \(value.quoted).")]
    }
    if let bad = value.unicodeScalars.first(where: { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F }) {
      return [
        Diagnostic(
          .headerValueControl, "The value of \(header.name) holds the control character \(VisibleText.escaped(bad)).")
      ]
    }
    if !isLatin1(value) {
      return [Diagnostic(.headerLatin1, "The value of \(header.name) holds code points past U+00FF: \(value.quoted).")]
    }
    return []
  }
}

extension StringProtocol {
  var trimmingSpaces: Substring {
    let chars = self[...]
    guard let first = chars.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
    let last = chars.lastIndex(where: { $0 != " " && $0 != "\t" })!
    return Substring(chars[first...last])
  }
}

/// What nearly every response sends, recognised from its bytes with no
/// allocation, so that the checks above (which build their messages from
/// Characters) run only when something may be wrong.
extension Validator {
  /// A status that passes ``checkStatus(_:)``: three digits from 100, a space,
  /// then a reason starting with a printable ASCII character (so no Character
  /// joins the space), and no control or non-latin-1 character anywhere.
  static func isPlainStatus(_ status: String) -> Bool {
    status.withUTF8Bytes { bytes in
      guard bytes.count >= 5, bytes[0] &- UInt8(ascii: "1") < 9, bytes[1] &- UInt8(ascii: "0") < 10,
        bytes[2] &- UInt8(ascii: "0") < 10, bytes[3] == UInt8(ascii: " "), bytes[4] > UInt8(ascii: " "),
        bytes[4] < 0x7F
      else { return false }
      return !bytes[5...].contains { $0 < 0x20 || $0 == 0x7F || $0 >= 0xC4 }
    }
  }

  /// Headers that pass ``checkHeaders(_:status:)``: token names, values without
  /// control or non-latin-1 characters, no Status, hop-by-hop or duplicate
  /// header, a numeric Content-Length, and no Content-Type where the status forbids a body.
  static func arePlainHeaders(_ headers: [HeaderField], status: String) -> Bool {
    var contentTypes = 0
    var contentLengths = 0
    var locations = 0
    let token = tokenBytes
    let hopByHop = hopByHopLengths
    for header in headers {
      guard isPlainToken(header.name, token), isPlainValue(header.value) else { return false }
      // Only a name of the right length is compared: most names skip every comparison.
      switch header.name.utf8.count {
      case 12 where equalsIgnoringCase(header.name, "content-type"):
        contentTypes += 1
      case 14 where equalsIgnoringCase(header.name, "content-length"):
        guard isDigits(header.value), Int(header.value) != nil else { return false }
        contentLengths += 1
      case 8 where equalsIgnoringCase(header.name, "location"):
        locations += 1
      case 6 where equalsIgnoringCase(header.name, "status"):
        return false
      case let length where length < 64 && hopByHop & (1 << length) != 0:
        if hopByHopHeaders.contains(header.name.lowercased()) { return false }
      default:
        break
      }
    }
    guard contentTypes <= 1, contentLengths <= 1, locations <= 1 else { return false }
    let code = statusCode(status)
    return code != nil && (contentTypes == 0 || !forbidsBody(code))
  }

  /// An HTTP token that does not end in `-` or `_`.
  /// - Parameter token: ``tokenBytes``, read once by the caller.
  private static func isPlainToken(_ name: String, _ token: (low: UInt64, high: UInt64)) -> Bool {
    name.withUTF8Bytes { bytes in
      guard let last = bytes.last, last != UInt8(ascii: "-"), last != UInt8(ascii: "_") else { return false }
      for byte in bytes {
        let bits = byte < 64 ? token.low : byte < 128 ? token.high : 0
        guard bits & (1 << UInt64(byte & 63)) != 0 else { return false }
      }
      return true
    }
  }

  /// A value with no control character (tab aside) and only latin-1 code points.
  private static func isPlainValue(_ value: String) -> Bool {
    value.withUTF8Bytes { bytes in bytes.allSatisfy { ($0 >= 0x20 || $0 == 0x09) && $0 != 0x7F && $0 < 0xC4 } }
  }

  /// The lengths of the hop-by-hop header names, a bit each: only a name of
  /// one of these lengths is lowercased and looked up.
  private static let hopByHopLengths: UInt64 = hopByHopHeaders.reduce(0) { $0 | 1 << UInt64($1.utf8.count) }

  /// The bytes of an HTTP token, a bit each (`low` for bytes below 64, `high`
  /// for the rest of ASCII): letters, digits and !#$%&'*+-.^_`|~.
  private static let tokenBytes: (low: UInt64, high: UInt64) = {
    var bits: (low: UInt64, high: UInt64) = (0, 0)
    for byte in Array("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8) {
      if byte < 64 { bits.low |= 1 << UInt64(byte) } else { bits.high |= 1 << UInt64(byte - 64) }
    }
    return bits
  }()
}
