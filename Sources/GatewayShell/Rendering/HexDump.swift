/// Binary bytes as a hex dump: offset, sixteen bytes in hex, and the printable ASCII among them.
///
/// ```
/// 00000000  89 50 4e 47 0d 0a 1a 0a  00 00 00 0d 49 48 44 52  |.PNG........IHDR|
/// ```
enum HexDump {
  /// The lines of the dump, at most `maxLines` of them.
  /// - Parameters:
  ///   - bytes: The bytes.
  ///   - startOffset: The offset of the first byte in the whole stream.
  ///   - maxLines: The most lines returned.
  static func lines(_ bytes: [UInt8], startOffset: Int = 0, maxLines: Int = .max) -> [String] {
    let shown = bytes.prefix(maxLines <= bytes.count / 16 ? maxLines * 16 : bytes.count)
    return text(shown, startOffset: startOffset).split(separator: "\n").map(String.init)
  }

  /// The whole dump of `bytes`, each line ending in a line feed: the lines of
  /// ``lines(_:startOffset:maxLines:)``, written straight into the text's storage
  /// for a body of many megabytes.
  static func text(_ bytes: ArraySlice<UInt8>, startOffset: Int = 0) -> String {
    guard !bytes.isEmpty else { return "" }
    // A row's line is at most 77 bytes (17 more offset digits past 4 GiB).
    let capacity = (bytes.count + 15) / 16 * (lineLength + 8)
    return bytes.withUnsafeBufferPointer { bytes in
      String(unsafeUninitializedCapacity: capacity) { text in
        var out = text.baseAddress!
        var index = 0
        while index < bytes.count {
          let count = min(16, bytes.count - index)
          out = writeRow(
            UnsafeBufferPointer(rebasing: bytes[index..<(index + count)]), offset: startOffset + index, to: out)
          index += count
        }
        return out - text.baseAddress!
      }
    }
  }

  /// The length of a full row's line with an eight-digit offset, its line feed included.
  private static let lineLength = 8 + 2 + 16 * 3 + 1 + 1 + 16 + 2 + 1

  /// Writes one row's line at `out` and returns where it ends.
  private static func writeRow(_ row: UnsafeBufferPointer<UInt8>, offset: Int, to start: UnsafeMutablePointer<UInt8>)
    -> UnsafeMutablePointer<UInt8>
  {
    var out = start
    // At least eight hex digits for the offset, more past 4 GiB.
    var digits = 8
    while digits < 16, offset >> (4 * digits) != 0 { digits += 1 }
    for shift in stride(from: 4 * (digits - 1), through: 0, by: -4) {
      out.pointee = hexDigit(offset >> shift & 0xF)
      out += 1
    }
    out.update(repeating: 0x20, count: 2)
    out += 2
    for position in 0..<16 {
      if position < row.count {
        out[0] = hexDigit(Int(row[position] >> 4))
        out[1] = hexDigit(Int(row[position] & 0xF))
      } else {
        // A short row is padded to the full width, so its ASCII column lines up.
        out.update(repeating: 0x20, count: 2)
      }
      out[2] = 0x20
      out += 3
      if position == 7 {
        out.pointee = 0x20
        out += 1
      }
    }
    out.pointee = 0x20
    out[1] = UInt8(ascii: "|")
    out += 2
    for byte in row {
      out.pointee = byte >= 0x20 && byte < 0x7F ? byte : UInt8(ascii: ".")
      out += 1
    }
    out[0] = UInt8(ascii: "|")
    out[1] = 0x0A
    return out + 2
  }

  @inline(__always)
  private static func hexDigit(_ value: Int) -> UInt8 {
    UInt8(truncatingIfNeeded: value < 10 ? 0x30 + value : 0x57 + value)
  }
}
