import Gateway
import Synchronization
import Testing

@Suite("Dispatch follows wsgiref's server rules")
struct DispatchTests {
  @Test("a trivial app completes with its status, headers and body, and no diagnostics")
  func trivialApp() {
    let exchange = dispatch(
      app { _, startResponse in
        try startResponse("200 OK", plainText)
        return ChunkedBody("hello\n")
      })
    #expect(exchange.outcome == .completed)
    #expect(exchange.status == "200 OK")
    #expect(exchange.headers == [HeaderField("Content-Type", "text/plain")])
    #expect(exchange.bodyText == "hello\n")
    #expect(exchange.diagnostics.isEmpty)
  }

  @Test("calls an app makes after its dispatch finished leave the exchange it returned as it was")
  func callsAfterTheEnd() throws {
    let kept = Mutex<(StartResponse, Write)?>(nil)
    let exchange = dispatch(
      app { _, startResponse in
        let write = try startResponse("200 OK", plainText)
        kept.withLock { $0 = (startResponse, write) }
        return ChunkedBody("done")
      })
    let (startResponse, write) = try #require(kept.withLock { $0 })
    try write("more")
    _ = try? startResponse("500 Oops", plainText)
    startResponse.context.report(Diagnostic(.writeUsed, "late"))
    startResponse.context.recordStrayOutput(Array("stray".utf8))
    #expect(exchange.bodyText == "done")
    #expect(exchange.body.chunkCount == 1)
    #expect(exchange.diagnostics.isEmpty)
    #expect(exchange.strayOutput.byteCount == 0)
    #expect(
      exchange.events == [
        .call, .startResponse(status: "200 OK", headers: [HeaderField("Content-Type", "text/plain")], excInfo: nil),
        .returned, .yield(byteCount: 4), .headersSent(status: "200 OK"), .close,
      ])
  }

  @Test("a bridge replaying a batch of calls stamps them when they happened, not when they arrived")
  func replayedCallTimes() {
    let bridged = app { _, start in
      pauseBriefly(milliseconds: 30)
      try start.context.replaying(at: .milliseconds(2)) {
        _ = try start("200 OK", plainText)
      }
      return ChunkedBody("late")
    }
    let exchange = dispatch(bridged)
    let times = Dictionary(
      exchange.trace.entries.map { (String(describing: $0.event).prefix(8), $0.time) }, uniquingKeysWith: { a, _ in a })
    #expect(times["startRes"] == .milliseconds(2))
    #expect(times["returned"]! >= .milliseconds(30))
  }

  @Test("the trace stays in order: a replayed call is never stamped before the calls recorded ahead of it")
  func replayedCallsKeepOrder() {
    let bridged = app { environ, start in
      pauseBriefly(milliseconds: 20)
      environ.errors?.write("logged first\n")
      try start.context.replaying(at: .milliseconds(1)) {
        _ = try start("200 OK", plainText)
      }
      return ChunkedBody("ok")
    }
    let times = dispatch(bridged).trace.entries.map(\.time)
    #expect(times == times.sorted())
    #expect(times[2] >= .milliseconds(20))
  }
}
