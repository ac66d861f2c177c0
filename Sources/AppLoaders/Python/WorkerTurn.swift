import Glibc

/// Who holds the worker: one request at a time, from the call until its body is
/// closed. A request that finds it taken sleeps on a condition until it is
/// released, waking only to see whether its own dispatch was stopped meanwhile.
final class WorkerTurn: @unchecked Sendable {
  private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
  private var taken = false

  init() {
    pthread_mutex_init(mutex, nil)
    var attributes = pthread_condattr_t()
    pthread_condattr_init(&attributes)
    pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
    pthread_cond_init(condition, &attributes)
    pthread_condattr_destroy(&attributes)
  }

  deinit {
    pthread_cond_destroy(condition)
    pthread_mutex_destroy(mutex)
    mutex.deallocate()
    condition.deallocate()
  }

  /// Waits until the worker is free and takes it.
  /// - Parameters:
  ///   - deadline: When to give up; `nil` waits as long as it takes.
  ///   - shouldStop: Asked every so often while waiting: a stopped dispatch stops waiting.
  /// - Returns: Whether the turn was taken.
  func acquire(until deadline: ContinuousClock.Instant? = nil, shouldStop: () -> Bool = { false }) -> Bool {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    while taken {
      if shouldStop() { return false }
      var wait = Duration.milliseconds(50)
      if let deadline {
        let left = deadline - .now
        if left <= .zero { return false }
        wait = min(wait, left)
      }
      var wake = timespec()
      clock_gettime(CLOCK_MONOTONIC, &wake)
      let (seconds, attoseconds) = wait.components
      let nanoseconds = Int(wake.tv_nsec) + Int(attoseconds / 1_000_000_000)
      wake.tv_sec += Int(seconds) + nanoseconds / 1_000_000_000
      wake.tv_nsec = nanoseconds % 1_000_000_000
      pthread_cond_timedwait(condition, mutex, &wake)
    }
    taken = true
    return true
  }

  /// Frees the worker and wakes one request waiting for it.
  func release() {
    pthread_mutex_lock(mutex)
    taken = false
    pthread_cond_signal(condition)
    pthread_mutex_unlock(mutex)
  }
}
