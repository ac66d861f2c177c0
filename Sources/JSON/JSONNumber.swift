/// A JSON number read exactly from its text, so that two numbers compare by
/// value without going through `Double`: `9007199254740993` and
/// `9007199254740992` differ, while `1`, `1.0`, `10e-1` and `1E0` are equal.
///
/// The value is `0.d₁d₂d₃… × 10^exponent`, with the digits stripped of leading
/// and trailing zeros, so equal values have equal parts.
struct JSONNumber: Equatable {
  /// True for a value below zero (zero itself is never negative).
  var negative: Bool
  /// The significant digits as ASCII bytes; empty for zero.
  var digits: [UInt8]
  /// Where the decimal point goes, counted from the first significant digit.
  var exponent: Int

  /// Exponents beyond this are held at it: such numbers are far outside any
  /// document's range and compare sensibly against everything smaller.
  private static let exponentLimit = 1 << 50

  /// Reads a number in JSON's grammar (`-`, digits, `.` digits, `e` sign digits);
  /// `nil` for anything else.
  init?(_ text: String) {
    var bytes = text.utf8[...]
    negative = bytes.first == UInt8(ascii: "-")
    if negative { bytes = bytes.dropFirst() }
    let integer = bytes.prefix { Self.isDigit($0) }
    guard !integer.isEmpty else { return nil }
    bytes = bytes.dropFirst(integer.count)
    var fraction = bytes.prefix(0)
    if bytes.first == UInt8(ascii: ".") {
      bytes = bytes.dropFirst()
      fraction = bytes.prefix { Self.isDigit($0) }
      guard !fraction.isEmpty else { return nil }
      bytes = bytes.dropFirst(fraction.count)
    }
    var written = 0
    if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
      bytes = bytes.dropFirst()
      var sign = 1
      if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") {
        sign = bytes.first == UInt8(ascii: "-") ? -1 : 1
        bytes = bytes.dropFirst()
      }
      let exponentDigits = bytes.prefix { Self.isDigit($0) }
      guard !exponentDigits.isEmpty else { return nil }
      bytes = bytes.dropFirst(exponentDigits.count)
      for digit in exponentDigits where written < Self.exponentLimit {
        written = written * 10 + Int(digit - UInt8(ascii: "0"))
      }
      written = sign * min(written, Self.exponentLimit)
    }
    guard bytes.isEmpty else { return nil }
    var all = Array(integer) + Array(fraction)
    var point = integer.count
    let leadingZeros = all.prefix { $0 == UInt8(ascii: "0") }.count
    all.removeFirst(leadingZeros)
    point -= leadingZeros
    while all.last == UInt8(ascii: "0") { all.removeLast() }
    digits = all
    if all.isEmpty {
      negative = false
      exponent = 0
    } else {
      exponent = point + written
    }
  }

  private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

  private var sign: Int { digits.isEmpty ? 0 : negative ? -1 : 1 }

  /// -1, 0 or 1 as `self` is below, equal to or above `other`.
  func compare(_ other: JSONNumber) -> Int {
    if sign != other.sign { return sign < other.sign ? -1 : 1 }
    if sign == 0 { return 0 }
    let magnitude = Self.compareMagnitudes(self, other)
    return negative ? -magnitude : magnitude
  }

  private static func compareMagnitudes(_ a: JSONNumber, _ b: JSONNumber) -> Int {
    if a.exponent != b.exponent { return a.exponent < b.exponent ? -1 : 1 }
    for (x, y) in zip(a.digits, b.digits) where x != y { return x < y ? -1 : 1 }
    // Neither has trailing zeros, so the longer one has a nonzero digit more.
    if a.digits.count != b.digits.count { return a.digits.count < b.digits.count ? -1 : 1 }
    return 0
  }
}
