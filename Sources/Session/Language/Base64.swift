/// Base64 (RFC 4648, standard alphabet, padded), the lossless form of a binary body in a session file.
enum Base64 {
  private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

  /// The encoding of `bytes`, cut into lines of `lineLength` characters.
  static func encode(_ bytes: [UInt8], lineLength: Int = 76) -> [String] {
    var output: [UInt8] = []
    output.reserveCapacity((bytes.count + 2) / 3 * 4)
    var index = 0
    while index < bytes.count {
      let count = min(3, bytes.count - index)
      let b0 = bytes[index]
      let b1 = count > 1 ? bytes[index + 1] : 0
      let b2 = count > 2 ? bytes[index + 2] : 0
      output.append(alphabet[Int(b0 >> 2)])
      output.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
      output.append(count > 1 ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
      output.append(count > 2 ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
      index += 3
    }
    return stride(from: 0, to: output.count, by: lineLength).map {
      String(decoding: output[$0..<min($0 + lineLength, output.count)], as: UTF8.self)
    }
  }

  /// The bytes of a base64 text; whitespace and line breaks are ignored.
  /// - Returns: `nil` when the text holds anything but base64.
  static func decode(_ text: String) -> [UInt8]? {
    var values: [UInt8] = []
    var padding = 0
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"): values.append(byte - UInt8(ascii: "A"))
      case UInt8(ascii: "a")...UInt8(ascii: "z"): values.append(byte - UInt8(ascii: "a") + 26)
      case UInt8(ascii: "0")...UInt8(ascii: "9"): values.append(byte - UInt8(ascii: "0") + 52)
      case UInt8(ascii: "+"): values.append(62)
      case UInt8(ascii: "/"): values.append(63)
      case UInt8(ascii: "="): padding += 1
      case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): continue
      default: return nil
      }
      if padding > 0, byte != UInt8(ascii: "=") { return nil }
    }
    guard (values.count + padding) % 4 == 0, padding <= 2, values.count % 4 != 1 else { return nil }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(values.count * 3 / 4)
    var index = 0
    while index < values.count {
      let group = values[index..<min(index + 4, values.count)]
      let v = Array(group) + [UInt8](repeating: 0, count: 4 - group.count)
      bytes.append(v[0] << 2 | v[1] >> 4)
      if group.count > 2 { bytes.append(v[1] << 4 | v[2] >> 2) }
      if group.count > 3 { bytes.append(v[2] << 6 | v[3]) }
      index += 4
    }
    return bytes
  }
}
