import Gateway

/// Binary bytes as a hex dump: offset, sixteen bytes in hex, and the printable ASCII among them.
enum HexDump {
  /// The lines of the dump, at most `maxLines` of them.
  /// - Parameters:
  ///   - bytes: The bytes.
  ///   - startOffset: The offset of the first byte in the whole stream.
  ///   - maxLines: The most lines returned.
  static func lines(_ bytes: [UInt8], startOffset: Int = 0, maxLines: Int = .max) -> [String] {
    var result: [String] = []
    var index = 0
    while index < bytes.count, result.count < maxLines {
      let row = bytes[index..<min(index + 16, bytes.count)]
      var line = offset(startOffset + index) + "  "
      for (position, byte) in row.enumerated() {
        line += VisibleText.hex(byte) + (position == 7 ? "  " : " ")
      }
      if row.count < 16 {
        line += String(repeating: "   ", count: 16 - row.count) + (row.count <= 7 ? " " : "")
      }
      line += " |" + String(row.map { (0x20..<0x7F).contains($0) ? Character(Unicode.Scalar($0)) : "." }) + "|"
      result.append(line)
      index += 16
    }
    return result
  }

  private static func offset(_ value: Int) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
  }
}
