import Dispatch
import Gateway
import Synchronization

extension SessionRunner {
  /// Runs each file in a session of its own, `jobs` at a time, and hands each
  /// file's report and output to `deliver` in file order, as soon as every
  /// file before it has been delivered.
  ///
  /// Files share nothing but the loader, so they can run on separate threads;
  /// the order of what is printed never depends on which finished first.
  func runInFileOrder(
    _ files: [CheckedFile],
    deliver: (String, RunReport, [String]) -> Void
  ) {
    guard jobs > 1, files.count > 1 else {
      for checked in files {
        var lines: [String] = []
        var report = RunReport()
        run(checked, into: &report) { lines.append($0) }
        deliver(checked.file, report, lines)
      }
      return
    }
    let results = Mutex<[Int: (RunReport, [String])]>([:])
    let nextFile = Atomic<Int>(0)
    let finished = DispatchSemaphore(value: 0)
    let runner = UncheckedSendable(self)
    let work = UncheckedSendable(files)
    for _ in 0..<min(jobs, files.count) {
      runOnDedicatedThread {
        while true {
          let index = nextFile.wrappingAdd(1, ordering: .relaxed).oldValue
          guard index < work.value.count else { return }
          var lines: [String] = []
          var report = RunReport()
          runner.value.run(work.value[index], into: &report) { lines.append($0) }
          results.withLock { $0[index] = (report, lines) }
          finished.signal()
        }
      }
    }
    var delivered = 0
    while delivered < files.count {
      finished.wait()
      while let (report, lines) = results.withLock({ $0.removeValue(forKey: delivered) }) {
        deliver(files[delivered].file, report, lines)
        delivered += 1
      }
    }
  }
}

extension RunReport {
  /// Adds another file's counts and test cases after this report's.
  mutating func merge(_ other: RunReport) {
    passed += other.passed
    failed += other.failed
    couldNotRun = couldNotRun || other.couldNotRun
    // The first file's cases are taken as they are, not copied one by one: a replay has one case a request.
    if cases.isEmpty {
      cases = other.cases
    } else {
      cases += other.cases
    }
  }
}

/// Carries a value the runner's worker threads only read.
struct UncheckedSendable<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}
