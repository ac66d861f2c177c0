import Glibc

/// Plain POSIX threads: Foundation's `Thread` would link all of Foundation.
package enum Threads {
  /// Starts a detached thread running `body`.
  /// - Returns: Whether the thread started; `false` when the system could make no thread.
  package static func startDetached(_ body: @escaping @Sendable () -> Void) -> Bool {
    final class Box {
      let body: @Sendable () -> Void
      init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    let context = Unmanaged.passRetained(Box(body)).toOpaque()
    var thread = pthread_t()
    let started = pthread_create(
      &thread, nil,
      { raw in
        Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue().body()
        return nil
      }, context)
    guard started == 0 else {
      Unmanaged<Box>.fromOpaque(context).release()
      return false
    }
    pthread_detach(thread)
    return true
  }

  /// Lets another thread run on this core.
  package static func yield() { sched_yield() }

  /// Sleeps for `duration`, however often a signal interrupts the sleep.
  package static func sleep(for duration: Duration) {
    let (seconds, attoseconds) = duration.components
    guard seconds > 0 || attoseconds > 0 else { return }
    var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0 { request = remaining }
  }
}

/// A mutex with one condition, whose timed waits count on the monotonic clock (a change
/// of the wall clock does not shorten or stretch them).
///
/// A class, allocated once: pthread objects must not move.
package final class ConditionLock: @unchecked Sendable {
  private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

  package init() {
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

  package func lock() { pthread_mutex_lock(mutex) }
  package func unlock() { pthread_mutex_unlock(mutex) }

  /// Runs `body` holding the lock.
  package func withLock<Result, Failure: Error>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result {
    lock()
    defer { unlock() }
    return try body()
  }

  /// Wakes one thread waiting on the condition. Called with the lock held.
  package func signal() { pthread_cond_signal(condition) }

  /// Waits, with the lock held, until signalled (or woken spuriously: callers look again).
  package func wait() { pthread_cond_wait(condition, mutex) }

  /// Waits, with the lock held, until signalled or `timeout` passed (or woken spuriously).
  package func wait(for timeout: Duration) {
    var wake = timespec()
    clock_gettime(CLOCK_MONOTONIC, &wake)
    let (seconds, attoseconds) = max(timeout, .zero).components
    let nanoseconds = Int(wake.tv_nsec) + Int(attoseconds / 1_000_000_000)
    wake.tv_sec += time_t(clamping: seconds) + time_t(nanoseconds / 1_000_000_000)
    wake.tv_nsec = Int(nanoseconds % 1_000_000_000)
    pthread_cond_timedwait(condition, mutex, &wake)
  }
}
