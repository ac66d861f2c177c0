import Dispatch
import Gateway
import Platform

/// The alarm's clock thread, as live views use it: actions scheduled from four threads at once,
/// due within two milliseconds, every other one cancelled at once (as a quick dispatch cancels its
/// live view). Every action not cancelled must run, once; a cancelled one at most once.
///
/// Each round waits for its actions before the next: the alarm looks through every pending action
/// at each wake-up, which suits the one or two a shell has pending, and thousands left to pile up
/// would measure that, not the threads' hand-over.
enum AlarmStress {
  static func run(for duration: Duration) -> String {
    let tally = Tally()
    let end = ContinuousClock.now + duration
    var rounds = 0
    while ContinuousClock.now < end {
      rounds += 1
      let round = rounds
      onThreads(4) { thread in
        var random = SystemRandomNumberGenerator()
        for number in 0..<100 {
          let action = thread * 1_000_000 + round * 1000 + number
          let cancel = number % 2 == 1
          if !cancel { tally.expect(action) }
          let ticket = Alarm.shared.schedule(after: .microseconds(Int.random(in: 0...2000, using: &random))) {
            tally.ran(action)
          }
          if cancel { Alarm.shared.cancel(ticket) }
        }
      }
      let waitedUntil = ContinuousClock.now + .seconds(10)
      while !tally.allRan, ContinuousClock.now < waitedUntil { Threads.sleep(for: .milliseconds(1)) }
      guard tally.allRan else { break }
    }
    let (expected, ran, twice) = tally.counts
    Check.that(tally.allRan, "alarm: \(expected.count - ran) of \(expected.count) actions never ran")
    Check.that(twice == 0, "alarm: \(twice) actions ran twice")
    return "\(rounds * 400) actions scheduled, \(expected.count) not cancelled, \(ran) ran (a cancel can come late)"
  }

  /// Which actions must run, and how often each ran.
  final class Tally: Sendable {
    private let state = Mutex<(expected: Set<Int>, runs: [Int: Int])>(([], [:]))

    func expect(_ action: Int) { state.withLock { _ = $0.expected.insert(action) } }
    func ran(_ action: Int) { state.withLock { $0.runs[action, default: 0] += 1 } }
    var allRan: Bool { state.withLock { state in state.expected.allSatisfy { state.runs[$0] != nil } } }
    var counts: (expected: Set<Int>, ran: Int, twice: Int) {
      state.withLock { state in
        (state.expected, state.runs.count, state.runs.values.filter { $0 > 1 }.count)
      }
    }
  }
}

/// Bodies handed to the watched dispatch's threads (`runOnDedicatedThread`) from four threads at
/// once: each body changes an object without a lock, and its sender reads it once the body signalled.
/// The hand-over must order the two; a thread that waited must be reused, not lost.
enum ThreadStress {
  final class Box: @unchecked Sendable {
    var value = 0
  }

  static func run(for duration: Duration) -> String {
    let end = ContinuousClock.now + duration
    let total = Mutex(0)
    onThreads(4) { _ in
      let box = Box()
      var sent = 0
      while ContinuousClock.now < end {
        let done = DispatchSemaphore(value: 0)
        runOnDedicatedThread {
          box.value += 1
          done.signal()
        }
        done.wait()
        sent += 1
        Check.that(box.value == sent, "dedicated threads: \(box.value) bodies ran of \(sent)")
      }
      total.withLock { $0 += sent }
    }
    return "\(total.withLock { $0 }) bodies run"
  }
}

/// The condition lock, as the alarm waits on it: two threads add numbers to a list and signal,
/// two take them out, waiting with a timeout while it is empty. Nothing may be lost or taken twice.
enum ConditionLockStress {
  final class Queue: @unchecked Sendable {
    let lock = ConditionLock()
    // Guarded by `lock`.
    var items: [Int] = []
    var producing = 2
  }

  static func run(for duration: Duration) -> String {
    let queue = Queue()
    let end = ContinuousClock.now + duration
    let taken = Mutex((count: 0, sum: 0))
    let given = Mutex((count: 0, sum: 0))
    onThreads(4) { thread in
      if thread < 2 {
        var number = thread
        var count = 0
        var sum = 0
        while ContinuousClock.now < end {
          queue.lock.withLock {
            queue.items.append(number)
            queue.lock.signal()
          }
          count += 1
          sum &+= number
          number += 2
          if number % 64 == 0 { Threads.yield() }
        }
        given.withLock { $0 = ($0.count + count, $0.sum &+ sum) }
        queue.lock.withLock {
          queue.producing -= 1
          queue.lock.signal()
        }
      } else {
        var count = 0
        var sum = 0
        queue.lock.lock()
        while true {
          if let item = queue.items.popLast() {
            count += 1
            sum &+= item
          } else if queue.producing == 0 {
            break
          } else {
            queue.lock.wait(for: .milliseconds(1))
          }
        }
        queue.lock.unlock()
        taken.withLock { $0 = ($0.count + count, $0.sum &+ sum) }
      }
    }
    let (count, sum) = taken.withLock { $0 }
    let expected = given.withLock { $0 }
    Check.that(count == expected.count && sum == expected.sum, "condition lock: took \(count) of \(expected.count)")
    return "\(count) numbers handed over"
  }
}
