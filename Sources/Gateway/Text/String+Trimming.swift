extension String {
  /// The string without leading and trailing spaces and tabs.
  ///
  /// Read on the UTF-8 bytes: a space or a tab is one byte and a character of its own, so the
  /// cut never splits a character. A string with nothing to trim (nearly every line typed or
  /// piped) is returned as it is.
  package var trimmingSpaces: String {
    let bytes = utf8
    let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
    guard let first = bytes.firstIndex(where: { !isBlank($0) }), let last = bytes.lastIndex(where: { !isBlank($0) })
    else { return "" }
    if first == bytes.startIndex, bytes.index(after: last) == bytes.endIndex { return self }
    return String(self[first...last])
  }
}
