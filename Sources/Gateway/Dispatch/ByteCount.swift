/// Byte counts as a limit is given and shown: `--max-body 64M`, "body over 1073741824 bytes (1 GiB)".
public enum ByteCount {
  /// The suffixes a count may carry, each a power of 1024, as `head -c` and `dd` read them.
  static let units: [(suffix: Character, shift: Int)] = [("K", 10), ("M", 20), ("G", 30), ("T", 40)]

  /// Reads `1048576`, `64K`, `64M`, `1G` (also `64MB`, `64MiB`, lower case); `nil` for anything else.
  public static func parse(_ text: String) -> Int? {
    var digits = Substring(text.uppercased())
    for tail in ["IB", "B"] where digits.hasSuffix(tail) {
      digits = digits.dropLast(tail.count)
      break
    }
    var shift = 0
    if let last = digits.last, let unit = units.first(where: { $0.suffix == last }) {
      shift = unit.shift
      digits = digits.dropLast()
    }
    guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let value = Int(digits), value >= 0 else { return nil }
    let (scaled, overflow) = value.multipliedReportingOverflow(by: 1 << shift)
    return overflow ? nil : scaled
  }

  /// `1073741824 bytes (1 GiB)`; a count under a KiB, or not a whole number of units, as bytes alone.
  public static func described(_ count: Int) -> String {
    for unit in units.reversed() where count >= 1 << unit.shift && count % (1 << unit.shift) == 0 {
      return "\(count) bytes (\(count >> unit.shift) \(unit.suffix)iB)"
    }
    return count == 1 ? "1 byte" : "\(count) bytes"
  }
}
