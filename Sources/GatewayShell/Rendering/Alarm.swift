#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs actions after a delay, on one thread of its own, started the first
/// time an action is scheduled.
///
/// The live view needs a clock that fires while the shell's thread is inside a
/// dispatch. libdispatch's `asyncAfter` was that clock, but its first use starts
/// the dispatch thread pool (an epoll, an eventfd, a timerfd and a worker
/// thread) before the first response of every shell; one plain thread waiting
/// on a condition variable costs a fraction of that.
final class Alarm: @unchecked Sendable {
  /// The process's alarm; it lives as long as the process.
  static let shared = Alarm()

  private typealias Action = @Sendable () -> Void

  /// Names a scheduled action, to cancel it.
  struct Ticket: Equatable {
    fileprivate let number: UInt64
  }

  // Guarded by `mutex`.
  private var pending: [(ticket: Ticket, deadline: ContinuousClock.Instant, action: Action)] = []
  private var issued: UInt64 = 0
  private var started = false
  // Allocated once and never freed: pthread objects must not move.
  private let mutex: UnsafeMutablePointer<pthread_mutex_t>
  private let condition: UnsafeMutablePointer<pthread_cond_t>

  private init() {
    mutex = .allocate(capacity: 1)
    pthread_mutex_init(mutex, nil)
    condition = .allocate(capacity: 1)
    var attributes = pthread_condattr_t()
    pthread_condattr_init(&attributes)
    pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
    pthread_cond_init(condition, &attributes)
    pthread_condattr_destroy(&attributes)
  }

  /// Runs `action` on the alarm's thread once `delay` has passed, unless cancelled first.
  /// - Returns: The ticket that cancels it.
  @discardableResult
  func schedule(after delay: Duration, _ action: @escaping @Sendable () -> Void) -> Ticket {
    let deadline = ContinuousClock.now + delay
    pthread_mutex_lock(mutex)
    issued &+= 1
    let ticket = Ticket(number: issued)
    // The thread sleeps until the soonest deadline: it needs waking only when this one comes sooner.
    let sooner = pending.allSatisfy { $0.deadline > deadline }
    pending.append((ticket, deadline, action))
    if !started {
      started = true
      startThread()
    }
    if sooner { pthread_cond_signal(condition) }
    pthread_mutex_unlock(mutex)
    return ticket
  }

  /// Drops an action that has not run yet; one that ran, or is running, is not affected.
  ///
  /// Every dispatch schedules its live view and nearly every one ends sooner: left
  /// pending, thousands of them a replay would each be looked at on every wake-up.
  func cancel(_ ticket: Ticket) {
    pthread_mutex_lock(mutex)
    // The latest scheduled sits last, and is nearly always the one cancelled.
    if let index = pending.lastIndex(where: { $0.ticket == ticket }) { pending.remove(at: index) }
    pthread_mutex_unlock(mutex)
  }

  private func startThread() {
    // The thread starts with every signal blocked, so Ctrl-C always reaches the
    // main thread, where readline waits for it.
    var all = sigset_t()
    var previous = sigset_t()
    sigfillset(&all)
    pthread_sigmask(SIG_SETMASK, &all, &previous)
    defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
    var thread = pthread_t()
    let result = pthread_create(
      &thread, nil,
      { context in
        Unmanaged<Alarm>.fromOpaque(context!).takeUnretainedValue().run()
      }, Unmanaged.passUnretained(self).toOpaque())
    precondition(result == 0, "could not start the live view's clock: \(String(cString: strerror(result)))")
    pthread_detach(thread)
  }

  /// The thread: runs each action when its time comes, earliest first, without holding the lock.
  private func run() -> Never {
    pthread_mutex_lock(mutex)
    while true {
      let soonest = pending.indices.min { pending[$0].deadline < pending[$1].deadline }
      guard let soonest else {
        pthread_cond_wait(condition, mutex)
        continue
      }
      let remaining = pending[soonest].deadline - .now
      if remaining <= .zero {
        let action = pending.remove(at: soonest).action
        pthread_mutex_unlock(mutex)
        action()
        pthread_mutex_lock(mutex)
        continue
      }
      var wake = timespec()
      clock_gettime(CLOCK_MONOTONIC, &wake)
      let (seconds, attoseconds) = remaining.components
      let nanoseconds = Int(wake.tv_nsec) + Int(attoseconds / 1_000_000_000)
      wake.tv_sec += time_t(seconds) + time_t(nanoseconds / 1_000_000_000)
      wake.tv_nsec = Int(nanoseconds % 1_000_000_000)
      // Woken early (a new action, or spuriously), the loop looks again.
      pthread_cond_timedwait(condition, mutex, &wake)
    }
  }
}
