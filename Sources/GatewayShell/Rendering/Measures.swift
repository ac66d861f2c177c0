/// Sizes and durations as a user reads them.
enum Measures {
  /// `812 B`, `12.4 KB`, `3.1 MB`.
  static func bytes(_ count: Int) -> String {
    if count < 1000 { return "\(count) B" }
    let units = ["KB", "MB", "GB", "TB"]
    var value = Double(count) / 1000
    var unit = 0
    while value >= 1000, unit < units.count - 1 {
      value /= 1000
      unit += 1
    }
    return oneDecimal(value) + " " + units[unit]
  }

  /// `4.0 KB more of 5.2 MB`: what was left out, of the whole. When rounding would make the two
  /// look equal though some was shown, both are given in bytes.
  static func part(_ left: Int, of total: Int) -> String {
    let (part, whole) = (bytes(left), bytes(total))
    guard part == whole, left != total else { return part + " more of " + whole }
    return grouped(left) + " more bytes of " + grouped(total)
  }

  /// `5,242,880`.
  static func grouped(_ count: Int) -> String {
    var digits = String(count)
    var index = digits.endIndex
    while digits.distance(from: digits.startIndex, to: index) > 3 {
      index = digits.index(index, offsetBy: -3)
      digits.insert(",", at: index)
    }
    return digits
  }

  /// `0.4 ms`, `12 ms`, `1.52 s`.
  static func duration(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    let milliseconds = Double(seconds) * 1000 + Double(attoseconds) / 1e15
    guard milliseconds >= 0 else { return oneDecimal(milliseconds) + " ms" }
    // Every response's summary shows one or two: written digit by digit, not interpolated.
    if milliseconds < 10 { return digits(Int((milliseconds * 10).rounded()), decimals: 1, unit: " ms") }
    if milliseconds < 1000 { return digits(Int(milliseconds.rounded()), decimals: 0, unit: " ms") }
    let value = (milliseconds / 10).rounded() / 100
    return "\(value) s"
  }

  /// `value` (not negative) with its last `decimals` digits after a point, and at least one
  /// digit before it, then `unit`: `digits(4, decimals: 1, unit: " ms")` is `0.4 ms`.
  private static func digits(_ value: Int, decimals: Int, unit: StaticString) -> String {
    var length = 1
    var rest = value / 10
    while rest > 0 {
      length += 1
      rest /= 10
    }
    length = max(length, decimals + 1)
    let end = length + (decimals > 0 ? 1 : 0)
    return String(unsafeUninitializedCapacity: end + unit.utf8CodeUnitCount) { buffer in
      var rest = value
      var index = end - 1
      for written in 0..<length {
        if decimals > 0, written == decimals {
          buffer[index] = UInt8(ascii: ".")
          index -= 1
        }
        buffer[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
        rest /= 10
        index -= 1
      }
      unit.withUTF8Buffer { unit in
        for (offset, byte) in unit.enumerated() { buffer[end + offset] = byte }
      }
      return end + unit.utf8CodeUnitCount
    }
  }

  private static func oneDecimal(_ value: Double) -> String {
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(tenths % 10)"
  }

  /// `1 chunk`, `3 chunks`.
  static func count(_ value: Int, _ noun: String) -> String {
    "\(value) \(noun)\(value == 1 ? "" : "s")"
  }
}
