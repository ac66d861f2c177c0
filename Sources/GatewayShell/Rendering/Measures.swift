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
    if milliseconds < 10 { return oneDecimal(milliseconds) + " ms" }
    if milliseconds < 1000 { return "\(Int(milliseconds.rounded())) ms" }
    let value = (milliseconds / 10).rounded() / 100
    return "\(value) s"
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
