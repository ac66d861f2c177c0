/// Where a journal stands among the others, read from its name: `2026-12-07T100500Z.gws` for
/// the first shell that started in that second, `2026-12-07T100500Z-2.gws` for the second.
///
/// Read in place on the name's bytes into two integers: a start reads every journal's name,
/// and generic `Substring` calls and string comparisons would cost it more than the rest of a
/// piped start (docs/performance.md, Start-up).
struct JournalPlace: Comparable {
  /// The journal's file name.
  let name: String
  /// The stamp's digits as one number (`20261207100500`), which orders as the time does.
  let stamp: UInt64
  /// Which of the shells that started in that second it was, 1 for the first.
  let attempt: Int

  /// The place of the journal named `name`, or `nil` when the name is not a journal's.
  init?(name: String) {
    var name = name
    guard let (stamp, attempt) = name.withUTF8(Self.place) else { return nil }
    self.name = name
    self.stamp = stamp
    self.attempt = attempt
  }

  /// The stamp and attempt a name writes: `YYYY-MM-DDTHHMMSSZ`, then `-N` after the first
  /// attempt, then `.gws`, as `Journal.stamp(secondsSinceEpoch:)` and the journal write them.
  private static func place(_ name: UnsafeBufferPointer<UInt8>) -> (UInt64, Int)? {
    // The stamp is 18 bytes; `-N` (at most nine digits) and `.gws` may follow.
    guard name.count >= 22, name.count <= 32, name[name.count - 4] == UInt8(ascii: "."),
      name[name.count - 3] == UInt8(ascii: "g"), name[name.count - 2] == UInt8(ascii: "w"),
      name[name.count - 1] == UInt8(ascii: "s"), name[4] == UInt8(ascii: "-"), name[7] == UInt8(ascii: "-"),
      name[10] == UInt8(ascii: "T"), name[17] == UInt8(ascii: "Z"),
      let year = digits(name, 0..<4), let month = digits(name, 5..<7, after: year),
      let day = digits(name, 8..<10, after: month), let stamp = digits(name, 11..<17, after: day)
    else { return nil }
    let end = name.count - 4
    guard end > 18 else { return (stamp, 1) }
    guard name[18] == UInt8(ascii: "-"), end > 19, let attempt = digits(name, 19..<end) else { return nil }
    return (stamp, Int(attempt))
  }

  /// The number `value`'s digits and then those in `range` write; `nil` when a byte there is not a digit.
  private static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, after value: UInt64 = 0)
    -> UInt64?
  {
    var value = value
    for index in range {
      let byte = bytes[index]
      guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
      value = value * 10 + UInt64(byte - UInt8(ascii: "0"))
    }
    return value
  }

  static func < (left: JournalPlace, right: JournalPlace) -> Bool {
    left.stamp != right.stamp ? left.stamp < right.stamp : left.attempt < right.attempt
  }

  static func == (left: JournalPlace, right: JournalPlace) -> Bool {
    left.stamp == right.stamp && left.attempt == right.attempt
  }
}
