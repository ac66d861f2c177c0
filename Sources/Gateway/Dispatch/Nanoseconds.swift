/// A time from a dispatch's start, in nanoseconds: what the recorder stamps
/// calls with. `Duration`'s arithmetic and comparisons are calls into the
/// standard library, several a gateway call; times become durations only
/// where a caller reads them.
typealias Nanoseconds = Int64

extension Duration {
  /// The duration in whole nanoseconds, clamped to what `Nanoseconds` holds.
  var clampedNanoseconds: Nanoseconds {
    let (seconds, attoseconds) = components
    let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
    if overflow { return seconds < 0 ? .min : .max }
    let (sum, overflowAgain) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
    return overflowAgain ? (whole < 0 ? .min : .max) : sum
  }
}
