/// Runs actions after a delay, on one thread of its own, started the first
/// time an action is scheduled.
///
/// The live view needs a clock that fires while the shell's thread is inside a
/// dispatch. libdispatch's `asyncAfter` was that clock, but its first use starts
/// the dispatch thread pool (an epoll, an eventfd, a timerfd and a worker
/// thread) before the first response of every shell; one plain thread waiting
/// on a condition variable costs a fraction of that.
package final class Alarm: @unchecked Sendable {
  /// The process's alarm; it lives as long as the process.
  package static let shared = Alarm()

  private typealias Action = @Sendable () -> Void

  /// Names a scheduled action, to cancel it.
  package struct Ticket: Equatable {
    fileprivate let number: UInt64
  }

  // Guarded by `lock`.
  private var pending: [(ticket: Ticket, deadline: ContinuousClock.Instant, action: Action)] = []
  private var issued: UInt64 = 0
  private var started = false
  /// When the thread wakes next by itself; `nil` while it waits for a signal.
  private var wakesAt: ContinuousClock.Instant?
  private let lock = ConditionLock()

  private init() {}

  /// Runs `action` on the alarm's thread once `delay` has passed, unless cancelled first.
  /// - Returns: The ticket that cancels it.
  @discardableResult
  package func schedule(after delay: Duration, _ action: @escaping @Sendable () -> Void) -> Ticket {
    let deadline = ContinuousClock.now + delay
    return lock.withLock {
      issued &+= 1
      let ticket = Ticket(number: issued)
      pending.append((ticket, deadline, action))
      if !started {
        started = true
        startThread()
      }
      // The thread sleeps until the soonest deadline it knew of, cancelled or not: it needs waking only
      // when this one comes sooner. A replay schedules (and cancels) a live view every request; woken
      // for each, the thread cost more than the request.
      if wakesAt.map({ deadline < $0 }) ?? true { lock.signal() }
      return ticket
    }
  }

  /// Drops an action that has not run yet; one that ran, or is running, is not affected.
  ///
  /// Every dispatch schedules its live view and nearly every one ends sooner: left
  /// pending, thousands of them a replay would each be looked at on every wake-up.
  package func cancel(_ ticket: Ticket) {
    lock.withLock {
      // The latest scheduled sits last, and is nearly always the one cancelled.
      if let index = pending.lastIndex(where: { $0.ticket == ticket }) { pending.remove(at: index) }
    }
  }

  private func startThread() {
    // The thread starts with every signal blocked, so Ctrl-C always reaches the
    // main thread, where readline waits for it.
    let started = Signals.withAllBlocked { Threads.startDetached { self.run() } }
    precondition(started, "could not start the live view's clock: no thread could be made")
  }

  /// The thread: runs each action when its time comes, earliest first, without holding the lock.
  private func run() {
    lock.lock()
    while true {
      let soonest = pending.indices.min { pending[$0].deadline < pending[$1].deadline }
      guard let soonest else {
        wakesAt = nil
        lock.wait()
        continue
      }
      let deadline = pending[soonest].deadline
      let remaining = deadline - .now
      if remaining <= .zero {
        let action = pending.remove(at: soonest).action
        lock.unlock()
        action()
        lock.lock()
        continue
      }
      // Woken early (a new action, or spuriously), the loop looks again.
      wakesAt = deadline
      lock.wait(for: remaining)
    }
  }
}
