/// `application/x-www-form-urlencoded` decoding, for query strings and form bodies.
enum FormData {
  /// The pairs of `text`, `+` as space and `%XX` decoded as UTF-8.
  static func parse(_ text: String) -> [(String, String)] {
    text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
    }
  }

  /// The first value of `name` in `text`.
  static func value(_ name: String, in text: String) -> String? {
    parse(text).first { $0.0 == name }?.1
  }

  static func decode(_ text: Substring) -> String {
    var bytes: [UInt8] = []
    var iterator = Array(text.utf8).makeIterator()
    while let byte = iterator.next() {
      switch byte {
      case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
      case UInt8(ascii: "%"):
        let high = iterator.next()
        let low = iterator.next()
        if let high, let low, let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) {
          bytes.append(value)
        } else {
          bytes.append(byte)
          if let high { bytes.append(high) }
          if let low { bytes.append(low) }
        }
      default: bytes.append(byte)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// `text` with what HTML gives meaning to escaped.
  static func html(_ text: String) -> String {
    var result = ""
    for character in text {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      default: result.append(character)
      }
    }
    return result
  }
}
