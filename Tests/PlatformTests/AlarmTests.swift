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
}
