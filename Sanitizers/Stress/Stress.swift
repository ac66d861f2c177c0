import Dispatch
import Glibc
import Platform
import Synchronization

/// Drives the concurrency gwsh builds by hand (the watched dispatch and its threads, the alarm's
/// clock thread, the condition lock) from several threads at once, for Thread Sanitizer to watch.
/// `Sanitizers/run.sh` builds and runs it.
///
/// Each scenario also checks what its callers rely on (every dispatch ends as its app made it end,
/// every action not cancelled runs once, nothing handed over is lost), and a broken check exits 1.
/// The sanitizer's own report exits with the sanitizer's status (66 for Thread Sanitizer).
///
///     stress [SECONDS]            every scenario, SECONDS in all (default 30)
///     stress --race-on-purpose    a data race, to show the sanitizer is watching
@main
enum Stress {
  static func main() {
    let arguments = CommandLine.arguments.dropFirst()
    if arguments.first == "--race-on-purpose" {
      RaceOnPurpose.run()
      return
    }
    let seconds = arguments.first.flatMap { Int($0) } ?? 30
    let scenarios: [(name: String, share: Int, run: (Duration) -> String)] = [
      ("dispatches", 6, DispatchStress.run),
      ("dedicated threads", 1, ThreadStress.run),
      ("alarm", 2, AlarmStress.run),
      ("condition lock", 1, ConditionLockStress.run),
    ]
    let shares = scenarios.reduce(0) { $0 + $1.share }
    for scenario in scenarios {
      let slice = Duration.seconds(seconds) * scenario.share / shares
      let start = ContinuousClock.now
      let summary = scenario.run(slice)
      let tenths = (ContinuousClock.now - start) / .milliseconds(100)
      print("stress: \(scenario.name): \(summary) in \(Int(tenths) / 10).\(Int(tenths) % 10) s")
    }
    let failures = Check.failures.load(ordering: .relaxed)
    print("stress: \(failures == 0 ? "every check held" : "\(failures) checks failed")")
    if failures > 0 { exit(1) }
  }
}

/// Failed checks, printed as they happen and counted for the exit status.
enum Check {
  static let failures = Atomic<Int>(0)

  static func that(_ condition: Bool, _ message: @autoclosure () -> String) {
    guard !condition else { return }
    print("stress: check failed: \(message())")
    failures.add(1, ordering: .relaxed)
  }
}

/// Runs `body(index)` on `count` threads of their own, and returns once all of them returned.
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
  let done = DispatchSemaphore(value: 0)
  for index in 0..<count {
    let started = Threads.startDetached {
      body(index)
      done.signal()
    }
    precondition(started, "no thread could be made")
  }
  for _ in 0..<count { done.wait() }
}

/// Two threads adding to one number without a lock: the report `run.sh` must see first.
enum RaceOnPurpose {
  final class Counter: @unchecked Sendable {
    var value = 0
  }

  static func run() {
    // Thread Sanitizer misses a race now and then (about one run in eight here), so it is run twenty times.
    var total = 0
    for _ in 0..<20 {
      let counter = Counter()
      // Both threads start adding only once both run: Thread Sanitizer gives a thread that ended the
      // slot of the next one, and the accesses of one slot look ordered. A relaxed count orders nothing.
      let running = Atomic<Int>(0)
      onThreads(2) { _ in
        running.add(1, ordering: .relaxed)
        while running.load(ordering: .relaxed) < 2 { Threads.yield() }
        for _ in 0..<100_000 { counter.value += 1 }
      }
      total += counter.value
    }
    print("stress: race on purpose: \(total) of 4,000,000")
  }
}
