#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The clock a dispatch stamps its calls with, read as nanoseconds.
///
/// Every gateway call is stamped, and a `ContinuousClock` reading (an instant
/// of a resilient type holding 128-bit attoseconds, then a subtraction and a
/// conversion) cost more than recording the call; this is one `clock_gettime`.
enum MonotonicClock {
  /// Nanoseconds since an arbitrary, fixed point.
  static func now() -> Int64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Int64(time.tv_sec) &* 1_000_000_000 &+ Int64(time.tv_nsec)
  }
}

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
