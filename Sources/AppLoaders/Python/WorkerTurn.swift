import Platform

/// Who holds the worker: one request at a time, from the call until its body is
/// closed. A request that finds it taken sleeps on a condition until it is
/// released, waking only to see whether its own dispatch was stopped meanwhile.
final class WorkerTurn: @unchecked Sendable {
  private let lock = ConditionLock()
  private var taken = false

  /// Waits until the worker is free and takes it.
  /// - Parameters:
  ///   - deadline: When to give up; `nil` waits as long as it takes.
  ///   - shouldStop: Asked every so often while waiting: a stopped dispatch stops waiting.
  /// - Returns: Whether the turn was taken.
  func acquire(until deadline: ContinuousClock.Instant? = nil, shouldStop: () -> Bool = { false }) -> Bool {
    lock.withLock {
      while taken {
        if shouldStop() { return false }
        var wait = Duration.milliseconds(50)
        if let deadline {
          let left = deadline - .now
          if left <= .zero { return false }
          wait = min(wait, left)
        }
        lock.wait(for: wait)
      }
      taken = true
      return true
    }
  }

  /// Frees the worker and wakes one request waiting for it.
  func release() {
    lock.withLock {
      taken = false
      lock.signal()
    }
  }
}
