extension Validator {
  /// `wsgiref.validate.check_status`, plus control characters and latin-1.
  static func checkStatus(_ status: String) -> [Diagnostic] {
    if let bad = controlCharacter(in: status) {
      return [Diagnostic(.statusCharacters, "The status \(status.quoted) holds the control character \(bad.escaped).")]
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
    var found: [Diagnostic] = []
    var counts: [String: Int] = [:]
    for header in headers {
      let lower = header.name.lowercased()
      counts[lower, default: 0] += 1
      found.append(contentsOf: checkName(header.name))
      found.append(contentsOf: checkValue(header))
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
    let code = statusCode(status)
    let hasContentType = counts["content-type", default: 0] > 0
    if forbidsBody(code), hasContentType {
      found.append(
        Diagnostic(.headerContentTypeForbidden, "A \(code!) response has no body, yet it has a Content-Type."))
    } else if !forbidsBody(code), !hasContentType, code != nil {
      found.append(Diagnostic(.headerContentTypeMissing, "The \(code!) response has no Content-Type header."))
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
        Diagnostic(.headerValueControl, "The value of \(header.name) holds the control character \(bad.escaped).")
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
