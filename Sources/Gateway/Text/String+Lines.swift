extension String {
  /// The text split at each line feed, every line kept (an empty one too), a `\r` left in its line.
  ///
  /// Split on the UTF-8 bytes: a line feed is always a character of its own (except after
  /// a `\r`, which this keeps on its line), and splitting by characters cost the grapheme
  /// breaking of every character of the text.
  package func splitAtLineFeeds() -> [String] {
    var text = self
    return text.withUTF8 { bytes in
      var lines: [String] = []
      var start = 0
      for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
        lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
        start = index + 1
      }
      lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
      return lines
    }
  }
}
