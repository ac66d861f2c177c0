import Glibc

/// The clock a dispatch stamps its calls with, read as nanoseconds.
///
/// Every gateway call is stamped, and a `ContinuousClock` reading (an instant
/// of a resilient type holding 128-bit attoseconds, then a subtraction and a
/// conversion) cost more than recording the call; this is one `clock_gettime`.
package enum MonotonicClock {
  /// Nanoseconds since an arbitrary, fixed point.
  @inlinable
  package static func now() -> Int64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Int64(time.tv_sec) &* 1_000_000_000 &+ Int64(time.tv_nsec)
  }
}

/// The time of day, for what a person reads: the name of a journal.
package enum WallClock {
  /// Whole seconds since 1970-01-01 00:00 UTC.
  package static var secondsSinceEpoch: Int { Int(time(nil)) }
}
