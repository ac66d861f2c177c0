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
}
