import AppLoaders
import Foundation
import Gateway
import GatewayApps
import Session
import Synchronization
import TestSupport
import Testing

/// Loads `probe`, an app that counts how many dispatches run at once, beside the built-in apps.
struct ConcurrencyProbe {
  final class Counter: Sendable {
    let running = Atomic<Int>(0)
    let most = Atomic<Int>(0)
  }
  let counter = Counter()

  var loader: AppLoader {
    let counter = self.counter
    let probe = BuiltinApps.Entry(
      name: "probe", summary: "",
      app: ClosureApplication { _, start in
        let now = counter.running.wrappingAdd(1, ordering: .relaxed).newValue
        counter.most.max(now, ordering: .relaxed)
        // Stay long enough for other files' requests to arrive while this one runs.
        for _ in 0..<100 where counter.most.load(ordering: .relaxed) < 2 { usleep(2_000) }
        counter.running.wrappingSubtract(1, ordering: .relaxed)
        try start("200 OK", [("Content-Type", "text/plain")])
        return ChunkedBody("probed\n")
      })
    return AppLoader(builtins: BuiltinApps.all + [probe])
  }
}

@Suite("Running files on several cores")
struct ParallelRunnerTests {
  /// Files whose runs take from long to short, so that with several jobs the
  /// last file finishes first; each expects a value unique to it, and the
  /// third fails on purpose.
  func files(in directory: String) throws -> [String] {
    let delays = ["0.3", "0.2", "0.1", "0"]
    return try delays.enumerated().map { index, delay in
      let file = "\(directory)/file\(index).gws"
      let expected = index == 2 ? "chunk 9/9" : "chunk 2/2"
      try "load slow\nGET /?chunks=2&delay=\(delay)\nexpect body ~ \(expected)\nexpect status 200\n"
        .write(toFile: file, atomically: true, encoding: .utf8)
      return file
    }
  }

  @Test("with --jobs, output and the report come in file order and equal a one-job run's")
  func fileOrder() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let files = try files(in: directory)
    var sequential: [String] = []
    let one = SessionRunner(jobs: 1).run(files) { sequential.append($0) }
    var parallel: [String] = []
    let four = SessionRunner(jobs: 4).run(files) { parallel.append($0) }

    #expect(parallel == sequential)
    #expect(four.cases.map(\.file) == files)
    #expect((four.passed, four.failed, four.exitCode) == (one.passed, one.failed, one.exitCode))
    #expect((four.passed, four.failed) == (7, 1))
    #expect(parallel.last == "7 passed, 1 failed")
    #expect(
      parallel.filter { $0.hasPrefix(directory) && $0.contains("passed") }.map { $0.prefix(directory.count + 6) }
        == files.map { $0.prefix(directory.count + 6) })
  }

  @Test("with --jobs, files really run at the same time; with one job, never")
  func concurrency() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let files = try (0..<4).map { index in
      let file = "\(directory)/probe\(index).gws"
      try "load probe\nGET /\nexpect body ~ probed\n".write(toFile: file, atomically: true, encoding: .utf8)
      return file
    }
    let sequential = ConcurrencyProbe()
    #expect(SessionRunner(loader: sequential.loader, jobs: 1).run(files) { _ in }.exitCode == 0)
    #expect(sequential.counter.most.load(ordering: .relaxed) == 1)
    let parallel = ConcurrencyProbe()
    #expect(SessionRunner(loader: parallel.loader, jobs: 4).run(files) { _ in }.exitCode == 0)
    #expect(parallel.counter.most.load(ordering: .relaxed) >= 2)
  }
}
