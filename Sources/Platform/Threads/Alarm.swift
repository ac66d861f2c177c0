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

  /// An action neither run nor cancelled, and its ticket's number. A struct, not a tuple: the
  /// list's elements are then moved and destroyed by code made for them.
  private struct Pending {
    let number: UInt64
    let action: Action
  }

  /// Names a scheduled action, to cancel it.
  package struct Ticket: Equatable {
    fileprivate let number: UInt64
  }

  /// When an action is due; among equal deadlines, the one scheduled first runs first.
  private struct Entry {
    /// ``MonotonicClock`` nanoseconds: compared as integers, where `ContinuousClock.Instant`'s
    /// comparisons and arithmetic are calls into the standard library.
    let deadline: Int64
    let number: UInt64

    func precedes(_ other: Entry) -> Bool {
      deadline < other.deadline || (deadline == other.deadline && number < other.number)
    }
  }

  // Guarded by `lock`, so not checked for exclusive access at run time as well: the checks cost
  // about 200 instructions a live view, scheduled and cancelled for every request.
  /// The deadlines, a binary heap with the soonest first: draining many due actions costs N log N,
  /// not the N² of looking through them all at each one. A cancelled action's entry stays until it
  /// reaches the top, where the thread drops it.
  @exclusivity(unchecked) private var queue: [Entry] = []
  /// The actions neither run nor cancelled, in the order they were scheduled. A list, not a
  /// dictionary: it holds one or two (a live view's, held output's), and the one cancelled is
  /// nearly always the last, found at once from the end without hashing its number.
  @exclusivity(unchecked) private var actions: [Pending] = []
  @exclusivity(unchecked) private var issued: UInt64 = 0
  @exclusivity(unchecked) private var started = false
  /// When the thread wakes next by itself (``MonotonicClock`` nanoseconds); `nil` while it waits for a signal.
  @exclusivity(unchecked) private var wakesAt: Int64?
  private let lock = ConditionLock()

  private init() {}

  /// Runs `action` on the alarm's thread once `delay` has passed, unless cancelled first.
  /// - Returns: The ticket that cancels it.
  @discardableResult
  package func schedule(after delay: Duration, _ action: @escaping @Sendable () -> Void) -> Ticket {
    // A delay past a century counts as one, so the nanoseconds cannot overflow.
    let (seconds, attoseconds) = max(delay, .zero).components
    let deadline = MonotonicClock.now() + min(seconds, 1 << 32) * 1_000_000_000 + attoseconds / 1_000_000_000
    return lock.withLock {
      issued &+= 1
      let ticket = Ticket(number: issued)
      actions.append(Pending(number: ticket.number, action: action))
      push(Entry(deadline: deadline, number: ticket.number))
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
  /// Every dispatch schedules its live view and nearly every one ends sooner, so this is
  /// one removal from the end of a short list; the deadline's entry goes when it reaches the
  /// top, or at once with every other when no action is left.
  package func cancel(_ ticket: Ticket) {
    lock.withLock {
      _ = takeAction(ticket.number)
      // Nothing left to run: every entry is a cancelled action's. Dropped here, they cost the thread
      // nothing; left to reach the top one by one, a replay's thousands a second each cost it a
      // sift through the heap.
      if actions.isEmpty {
        queue.removeAll(keepingCapacity: true)
      } else if queue.last?.number == ticket.number {
        // The latest deadline of all sits last in the heap's array, and goes without a sift: a
        // live view's, cancelled while held output's sooner action waits (a piped replay).
        queue.removeLast()
      }
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
      while let first = queue.first, !actions.contains(where: { $0.number == first.number }) { removeFirst() }
      guard let first = queue.first else {
        wakesAt = nil
        lock.wait()
        continue
      }
      let remaining = first.deadline &- MonotonicClock.now()
      if remaining <= 0 {
        removeFirst()
        let action = takeAction(first.number)
        lock.unlock()
        action?()
        lock.lock()
        continue
      }
      // Woken early (a new action, or spuriously), the loop looks again.
      wakesAt = first.deadline
      lock.wait(for: .nanoseconds(remaining))
    }
  }

  /// Removes the action of ticket `number` from the list and returns it; `nil` when it ran or was
  /// cancelled. Called with the lock held.
  private func takeAction(_ number: UInt64) -> Action? {
    guard let index = actions.lastIndex(where: { $0.number == number }) else { return nil }
    return actions.remove(at: index).action
  }

  /// Adds an entry to the heap. Called with the lock held.
  private func push(_ entry: Entry) {
    queue.append(entry)
    var child = queue.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard queue[child].precedes(queue[parent]) else { break }
      queue.swapAt(child, parent)
      child = parent
    }
  }

  /// Removes the heap's soonest entry. Called with the lock held, with the heap not empty.
  private func removeFirst() {
    let last = queue.removeLast()
    guard !queue.isEmpty else { return }
    queue[0] = last
    var parent = 0
    while true {
      let left = 2 * parent + 1
      guard left < queue.count else { break }
      let right = left + 1
      let sooner = right < queue.count && queue[right].precedes(queue[left]) ? right : left
      guard queue[sooner].precedes(queue[parent]) else { break }
      queue.swapAt(parent, sooner)
      parent = sooner
    }
  }
}
