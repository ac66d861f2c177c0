import Foundation
import Platform
import Synchronization
import Testing

@Suite("The live view's clock")
struct AlarmTests {
  @Test("an action runs once its delay has passed, and a cancelled one never runs")
  func cancelledActionsNeverRun() {
    let ran = Mutex<[String]>([])
    let cancelled = Alarm.shared.schedule(after: .milliseconds(20)) { ran.withLock { $0.append("cancelled") } }
    Alarm.shared.schedule(after: .milliseconds(40)) { ran.withLock { $0.append("kept") } }
    Alarm.shared.cancel(cancelled)
    let giveUp = ContinuousClock.now + .seconds(10)
    while ran.withLock({ $0.isEmpty }), ContinuousClock.now < giveUp {
      Thread.sleep(forTimeInterval: 0.01)
    }
    // Past both deadlines: only the action that was not cancelled ran.
    Thread.sleep(forTimeInterval: 0.05)
    #expect(ran.withLock { $0 } == ["kept"])
  }

  @Test("an action scheduled ever so far away waits, and the ones before it run")
  func farAwayActionWaits() {
    let ran = Mutex<[String]>([])
    let far = Alarm.shared.schedule(after: .seconds(Int64.max)) { ran.withLock { $0.append("far") } }
    Alarm.shared.schedule(after: .milliseconds(20)) { ran.withLock { $0.append("near") } }
    let giveUp = ContinuousClock.now + .seconds(10)
    while ran.withLock({ $0.isEmpty }), ContinuousClock.now < giveUp {
      Thread.sleep(forTimeInterval: 0.01)
    }
    Thread.sleep(forTimeInterval: 0.05)
    Alarm.shared.cancel(far)
    #expect(ran.withLock { $0 } == ["near"])
  }

  @Test("thousands scheduled and cancelled while one action waits: it still runs, and so do those scheduled after")
  func cancelledWhileOneWaits() {
    // What a piped replay does: a live view scheduled and cancelled every request while held
    // output's action waits. The cancelled actions' entries must not reach the thread, nor keep
    // the waiting action or a later one from running.
    let ran = Mutex<[String]>([])
    Alarm.shared.schedule(after: .milliseconds(150)) { ran.withLock { $0.append("waiting") } }
    for _ in 0..<3_000 {
      let ticket = Alarm.shared.schedule(after: .milliseconds(100)) { ran.withLock { $0.append("cancelled") } }
      Alarm.shared.cancel(ticket)
    }
    Alarm.shared.schedule(after: .milliseconds(50)) { ran.withLock { $0.append("later, sooner") } }
    let giveUp = ContinuousClock.now + .seconds(10)
    while ran.withLock({ $0.count }) < 2, ContinuousClock.now < giveUp {
      Thread.sleep(forTimeInterval: 0.01)
    }
    Thread.sleep(forTimeInterval: 0.05)
    #expect(ran.withLock { $0 } == ["later, sooner", "waiting"])
  }
}

@Suite("The live view's clock, with many actions due at once")
struct AlarmOrderTests {
  /// What the test knows of one action: its deadline lies between the clock read just before it was
  /// scheduled and the one just after, plus its delay.
  struct Scheduled {
    let earliest: ContinuousClock.Instant
    let latest: ContinuousClock.Instant
    let cancelled: Bool
  }

  /// What the actions and the test share, under `lock`.
  final class Shared: @unchecked Sendable {
    let lock = ConditionLock()
    var released = false
    var ran: [Int] = []
  }

  @Test("every action not cancelled runs once, none cancelled runs, and they run in the order of their deadlines")
  func manyDueAtOnce() {
    let count = 2_000
    // The alarm's thread is held in a first action while the others are scheduled, so that they
    // are all due when it comes back and it must pick among them. A pthread lock, which Thread
    // Sanitizer understands (docs/robustness.md: a contended `Mutex` draws false reports).
    let state = Shared()
    Alarm.shared.schedule(after: .zero) {
      state.lock.withLock {
        while !state.released { state.lock.wait(for: .milliseconds(5)) }
      }
    }
    var scheduled: [Scheduled] = []
    // Delays in a shuffled order, 10 µs apart, so that deadlines and the order of scheduling differ.
    let delays = (0..<count).map { Duration.microseconds(10 * $0) }.shuffled()
    for (index, delay) in delays.enumerated() {
      let before = ContinuousClock.now
      let ticket = Alarm.shared.schedule(after: delay) { state.lock.withLock { state.ran.append(index) } }
      let after = ContinuousClock.now
      let cancelled = index % 3 == 0
      if cancelled { Alarm.shared.cancel(ticket) }
      scheduled.append(Scheduled(earliest: before + delay, latest: after + delay, cancelled: cancelled))
    }
    // Past every deadline, then the thread goes on.
    while ContinuousClock.now < scheduled.map(\.latest).max()! { Thread.sleep(forTimeInterval: 0.005) }
    state.lock.withLock {
      state.released = true
      state.lock.signal()
    }
    let expected = scheduled.filter { !$0.cancelled }.count
    let giveUp = ContinuousClock.now + .seconds(60)
    while state.lock.withLock({ state.ran.count }) < expected, ContinuousClock.now < giveUp {
      Thread.sleep(forTimeInterval: 0.01)
    }
    // A cancelled action, or one run twice, would show up after the others.
    Thread.sleep(forTimeInterval: 0.05)
    let order = state.lock.withLock { state.ran }
    var runs = [Int](repeating: 0, count: count)
    for index in order { runs[index] += 1 }
    #expect(order.count == expected)
    #expect(runs.indices.allSatisfy { runs[$0] == (scheduled[$0].cancelled ? 0 : 1) })
    // An action ran before one whose deadline was surely sooner: out of order.
    let outOfOrder = zip(order, order.dropFirst()).filter { scheduled[$1].latest < scheduled[$0].earliest }
    #expect(outOfOrder.isEmpty, "\(outOfOrder.count) actions ran before one due sooner")
  }
}
