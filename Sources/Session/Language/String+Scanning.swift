extension String {
  /// Whether `ascii` occurs twice in a row (`{{`, `<<`), found on the UTF-8
  /// bytes: the parser and the engine ask it of every line and value, and
  /// nearly all of them answer no.
  func containsDoubled(_ ascii: Unicode.Scalar) -> Bool {
    let byte = UInt8(ascii: ascii)
    var text = self  // withUTF8 reads a native string in place; it is mutating only to make a bridged one contiguous.
    return text.withUTF8 { bytes in
      var previous: UInt8 = 0
      for current in bytes {
        if current == byte, previous == byte { return true }
        previous = current
      }
      return false
    }
  }

  /// The offset in the UTF-8 bytes of the first `\n`, if there is one.
  var firstNewlineOffset: Int? {
    var text = self
    return text.withUTF8 { $0.firstIndex(of: UInt8(ascii: "\n")) }
  }

  /// The lines of the text, split at `\n` only (a `\r` stays in its line); a last empty line is dropped.
  var linesSplitAtNewlines: [String] {
    var text = self
    var lines = text.withUTF8 { bytes in
      var lines: [String] = []
      var start = 0
      for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
        lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
        start = index + 1
      }
      lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
      return lines
    }
    if lines.last == "" { lines.removeLast() }
    return lines
  }
}
