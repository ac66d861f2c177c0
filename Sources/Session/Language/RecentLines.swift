import Gateway

/// The request and expect lines a parse read last, with what they parsed to.
///
/// A session repeats its lines: `expect status 200` after nearly every request,
/// the same request line again and again in a replay. The same bytes parse to
/// the same command (a line's command depends on nothing but its text, the
/// file's folder and the files on disk, none of which change within one
/// parse), so a repeated line is compared, not parsed: comparing bytes costs a
/// small part of parsing them (figures in docs/performance.md). Only lines that parsed are
/// kept, so an error is always found, and reported, by the parse itself.
struct RecentLines {
  /// How many lines are kept: a miss compares its length with each of them.
  static let capacity = 8

  /// Where each kept line is in the text's bytes, apart from what it parsed to, so
  /// a miss reads only these (reading a whole entry copies its command).
  private var ranges: [Range<Int>] = []
  private var parsed: [Statement.Body] = []
  /// The entry the next line replaces once all are taken.
  private var oldest = 0

  /// What an earlier line with exactly the bytes of `range` parsed to, if one is kept.
  func find(_ range: Range<Int>, in bytes: [UInt8]) -> Statement.Body? {
    for index in ranges.indices where ranges[index].count == range.count {
      let kept = ranges[index].lowerBound
      let same = bytes.withUnsafeBytes { raw in
        ByteLanes.same(raw.baseAddress! + kept, raw.baseAddress! + range.lowerBound, count: range.count)
      }
      if same { return parsed[index] }
    }
    return nil
  }

  /// Keeps what a one-line statement parsed to when it is a request or an expectation, the lines a session repeats.
  mutating func remember(_ range: Range<Int>, _ body: Statement.Body) {
    switch body.command {
    case .request, .expect: break
    default: return
    }
    if ranges.count < Self.capacity {
      ranges.append(range)
      parsed.append(body)
    } else {
      ranges[oldest] = range
      parsed[oldest] = body
      oldest = (oldest + 1) % Self.capacity
    }
  }
}
