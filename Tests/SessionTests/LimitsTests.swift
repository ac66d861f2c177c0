import AppLoaders
import Foundation
import Gateway
import GatewayApps
import Session
import TestSupport
import Testing

@Suite("Large bodies, stuck apps and cancellation")
struct LimitsTests {
  @Test("a 4 MiB body stays bounded to the 1 MiB head in memory, spills to disk, and is recorded by size and digest")
  func largeBody() throws {
    let chunk = [UInt8](repeating: UInt8(ascii: "z"), count: 1 << 20)
    let big = BuiltinApps.Entry(
      name: "big", summary: "",
      app: ClosureApplication { _, startResponse in
        try startResponse("200 OK", [("Content-Type", "application/octet-stream")])
        var sent = 0
        return StreamingBody(next: {
          guard sent < 4 else { return nil }
          sent += 1
          return chunk
        })
      })
    let engine = SessionEngine(loader: AppLoader(builtins: [big]))
    let events = try run("load big\nGET /", engine: engine)
    let exchange = try #require(engine.lastExchange)
    #expect(exchange.body.byteCount == 4 << 20)
    #expect(exchange.body.head.count <= 1 << 20)
    #expect(exchange.body.spill != nil)
    let recording = try #require(events.recordings.first)
    #expect(recording.contains("expect body size \(4 << 20)"))
    let replayed = try SessionParser.parse(recording.joined(separator: "\n")).flatMap { engine.execute($0) }
    #expect(replayed.expectations.count >= 3)
    #expect(replayed.expectations.allSatisfy { $0.passed })
  }

  @Test("expect body @file compares a file larger than the head by digest")
  func largeExpectedFile() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let bytes = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    #expect(FileManager.default.createFile(atPath: directory + "/big.bin", contents: Data(bytes)))
    var altered = bytes
    altered[2 << 20] ^= 1
    #expect(FileManager.default.createFile(atPath: directory + "/other.bin", contents: Data(altered)))
    let engine = engineServing(bytes, as: "application/octet-stream")
    let statements = try SessionParser.parse(
      "load big\nGET /\nexpect body @big.bin\nexpect body @other.bin", file: directory + "/s.gws",
      directory: directory)
    let events = statements.flatMap { engine.execute($0) }
    #expect(events.expectations.map(\.passed) == [true, false])
    #expect(events.expectations.last?.expected.hasPrefix("\(3 << 20) bytes, sha256 ") == true)
  }

  @Test("an app that never returns is stopped at the timeout, and the outcome is recorded")
  func stuckApp() throws {
    let engine = SessionEngine(timeout: .milliseconds(300))
    let start = ContinuousClock.now
    let events = try run("load slow\nGET /stuck\nexpect status 200", engine: engine)
    #expect(ContinuousClock.now - start < .seconds(5))
    let exchange = try #require(events.dispatches.first?.exchange)
    guard case .stopped = exchange.outcome else {
      Issue.record("outcome \(exchange.outcome)")
      return
    }
    let recording = try #require(events.recordings.first)
    #expect(recording.contains { $0.hasPrefix("# outcome: stopped") })
    #expect(!recording.contains { $0.hasPrefix("expect body") })
    #expect(events.expectations.map(\.passed) == [false])
  }

  @Test("setting the cancellation flag stops an endless body, and the next request runs normally")
  func cancellation() throws {
    let engine = SessionEngine()
    _ = engine.execute(line: "load slow")
    let start = ContinuousClock.now
    let events = cancelled(after: 0.3, engine.execute(line: "GET /endless"), in: engine)
    #expect(ContinuousClock.now - start < .seconds(5))
    #expect(events.dispatches.first?.exchange.outcome == .stopped(.cancelled))
    let next = engine.execute(line: "GET /?chunks=1&delay=0")
    #expect(next.dispatches.first?.exchange.outcome == .completed)
  }

  @Test("a request cancelled with Ctrl-C is recorded without the stop, so its replay passes")
  func cancelledRecording() throws {
    let recording = try recordingOfCancelled("GET /?chunks=3&delay=0.6")
    // The cut comes at the first or second chunk, as the thread switches fall.
    #expect(recording.contains { $0.hasPrefix("# the body was cut short after ") && $0.contains("bytes by Ctrl-C") })
    #expect(!recording.contains("expect diagnostic dispatch.stopped"))
    let replay = try run("load slow\nGET /?chunks=3&delay=0\n" + recording.joined(separator: "\n")).expectations
    #expect(!replay.isEmpty)
    #expect(replay.allSatisfy { $0.passed })
  }

  @Test("a request cancelled before the app answered is recorded as such, not as a body cut after 0 bytes")
  func cancelledBeforeAnswerRecording() throws {
    let recording = try recordingOfCancelled("GET /stuck")
    #expect(recording.contains("# stopped by Ctrl-C before the app answered, so no response is recorded"))
    #expect(!recording.contains { $0.hasPrefix("expect") || $0.contains("cut short") })
  }

  @Test("patterns, JSONPath and captures read a body past its in-memory head whole; a larger one fails, saying why")
  func checksReadTheWholeBody() throws {
    // A JSON document of 1.5 MB: its last item lies past the 1 MiB head.
    let document = Array(
      ("{\"items\": [" + (0..<40_000).map { "{\"id\": \($0), \"name\": \"item \($0)\"}" }.joined(separator: ", ") + "]}")
        .utf8)
    let engine = engineServing(document, as: "application/json")
    let events = try run(
      """
      load big
      GET /
      expect json $.items[-1].id == 39999
      expect body ~ "item 39999"
      expect body !~ "item 39999"
      capture last body ~ (item 39999)
      """, engine: engine)
    #expect(events.expectations.map(\.passed) == [true, true, false])
    #expect(engine.variables["last"] == "item 39999")
    #expect(events.errors.isEmpty, "\(events.errors.map(\.message))")
    // Past what a check reads, it fails and says so, rather than looking at part of the body.
    let huge = BuiltinApps.Entry(
      name: "huge", summary: "",
      app: ClosureApplication { _, startResponse in
        try startResponse("200 OK", [("Content-Type", "text/plain")])
        var left = SessionEngine.checkedBodyLimit + 1
        return StreamingBody(next: {
          guard left > 0 else { return nil }
          let piece = [UInt8](repeating: UInt8(ascii: "x"), count: min(left, 1 << 20))
          left -= piece.count
          return piece
        })
      })
    let refused = try run(
      "load huge\nGET /\nexpect body !~ y\n", engine: SessionEngine(loader: AppLoader(builtins: [huge])))
    let result = try #require(refused.expectations.first)
    #expect(!result.passed)
    #expect(result.actual.contains("a check reads at most 64 MiB of a body; check its size or sha256 instead"))
  }

  @Test("expect chunks counts no chunk for an empty body, and a failure says 1 chunk, not 1 chunks")
  func chunkCounts() throws {
    let results = try run("load demo\nGET /\nexpect chunks 2\nload echo\nHEAD /\nexpect chunks 0\n").expectations
    #expect(results.first?.actual == "1 chunk")
    #expect(results.first?.passed == false)
    #expect(results.last?.passed == true)
  }

  /// An engine whose built-in app `big` answers every request with `body`.
  private func engineServing(_ body: [UInt8], as contentType: String) -> SessionEngine {
    let big = BuiltinApps.Entry(
      name: "big", summary: "",
      app: ClosureApplication { _, startResponse in
        try startResponse("200 OK", [("Content-Type", contentType)])
        return ChunkedBody([body])
      })
    return SessionEngine(loader: AppLoader(builtins: [big]))
  }

  /// The recording of `line` to the slow app, cancelled 0.3 s after it starts, as Ctrl-C at the prompt does.
  private func recordingOfCancelled(_ line: String) throws -> [String] {
    let engine = SessionEngine()
    _ = engine.execute(line: "load slow")
    let events = cancelled(after: 0.3, engine.execute(line: line), in: engine)
    #expect(events.dispatches.first?.exchange.outcome == .stopped(.cancelled))
    return try #require(events.recordings.first)
  }

  /// Runs `work`, cancelling the engine's dispatch `seconds` after it starts, as Ctrl-C at the prompt does.
  private func cancelled<T>(after seconds: Double, _ work: @autoclosure () -> T, in engine: SessionEngine) -> T {
    let flag = engine.cancellation
    let canceller = Thread {
      Thread.sleep(forTimeInterval: seconds)
      flag.cancel()
    }
    canceller.start()
    return work()
  }
}
