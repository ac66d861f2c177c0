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
