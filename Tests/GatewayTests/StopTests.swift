import Gateway
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@Suite("Stopping an app that does not end")
struct StopTests {
  let endless = app { _, start in
    try start("200 OK", [("Content-Type", "application/octet-stream")])
    return StreamingBody(next: { [UInt8](repeating: 120, count: 4096) })
  }

  @Test("an endless body is stopped at the deadline, and what it sent is kept")
  func timeout() {
    let exchange = dispatch(endless, limits: DispatchLimits(timeout: .milliseconds(100)))
    #expect(exchange.outcome == .stopped(.timedOut(.milliseconds(100))))
    #expect(exchange.status == "200 OK")
    #expect(exchange.body.byteCount > 0)
    #expect(exchange.diagnosticIDs.contains("dispatch.stopped"))
    #expect(exchange.events.last == .stopped(.timedOut(.milliseconds(100))))
  }

  @Test("a timeout set on existing limits is the one a dispatch keeps to")
  func timeoutChangedLater() {
    // The response limit ends the test, should the new timeout be ignored.
    var limits = DispatchLimits(timeout: nil, responseLimit: 1 << 30)
    limits.timeout = .milliseconds(50)
    #expect(dispatch(endless, limits: limits).outcome == .stopped(.timedOut(.milliseconds(50))))
  }

  @Test("a timeout longer than the clock can count stops nothing, and one below zero stops at once")
  func extremeTimeouts() {
    let quick = responding("200 OK", plainText, "quick")
    #expect(dispatch(quick, limits: DispatchLimits(timeout: .seconds(Int64.max))).outcome == .completed)
    #expect(dispatch(quick, limits: DispatchLimits(timeout: .seconds(-5))).outcome == .stopped(.timedOut(.seconds(-5))))
  }

  @Test("an endless body is stopped at the response limit")
  func responseLimit() {
    let exchange = dispatch(endless, limits: DispatchLimits(responseLimit: 100_000))
    #expect(exchange.outcome == .stopped(.responseLimit(100_000)))
    #expect(exchange.outcome.description == "stopped: body over 100000 bytes")
    #expect(exchange.outcome.unfinished == "stopped: body over 100000 bytes")
    #expect(exchange.body.byteCount > 100_000)
    #expect(exchange.body.byteCount <= 100_000 + 4096)
  }

  @Test("cancellation from another thread stops a streaming app")
  func cancellation() async {
    let flag = CancellationFlag()
    let limits = DispatchLimits(timeout: nil, cancellation: flag)
    let slowStream = app { _, start in
      try start("200 OK", plainText)
      return StreamingBody(next: {
        pauseBriefly(milliseconds: 5)
        return Array("tick\n".utf8)
      })
    }
    let task = Task.detached { Dispatcher(limits: limits).dispatch(Request(), to: slowStream) }
    try? await Task.sleep(for: .milliseconds(100))
    flag.cancel()
    let exchange = await task.value
    #expect(exchange.outcome == .stopped(.cancelled))
    #expect(exchange.bodyText.hasPrefix("tick\n"))
  }

  @Test("an app stuck outside the gateway is abandoned by the watched dispatch, with what it did so far")
  func watchdog() {
    let stuck = app { environ, start in
      environ.errors?.write("about to block\n")
      pauseBriefly(milliseconds: 3000)
      try start("200 OK", plainText)
      return ChunkedBody("late")
    }
    let started = ContinuousClock.now
    let exchange = Dispatcher(limits: DispatchLimits(timeout: .milliseconds(100)))
      .dispatchWatched(Request(), to: stuck, grace: .milliseconds(100))
    #expect(ContinuousClock.now - started < .seconds(2))
    guard case .stopped(.unresponsive) = exchange.outcome else {
      Issue.record("expected the app to be abandoned, got \(exchange.outcome)")
      return
    }
    #expect(exchange.errorsText == "about to block\n")
    #expect(exchange.status == nil)
  }

  @Test("the watched dispatch returns the app's exchange when it finishes in time")
  func watchedInTime() {
    let exchange = Dispatcher().dispatchWatched(Request(), to: responding("200 OK", plainText, "quick"))
    #expect(exchange.outcome == .completed)
    #expect(exchange.bodyText == "quick")
  }

  @Test("an app that stops when asked runs on the caller's thread; any other app on a thread of its own")
  func watchedThreadChoice() {
    struct ThreadNaming: Application {
      let stopsWhenAsked: Bool
      func callAsFunction(_ environ: Environ, _ startResponse: StartResponse) throws -> any ResponseBody {
        try startResponse("200 OK", [("Content-Type", "text/plain")])
        return ChunkedBody("\(pthread_self())")
      }
    }
    let caller = "\(pthread_self())"
    #expect(Dispatcher().dispatchWatched(Request(), to: ThreadNaming(stopsWhenAsked: true)).bodyText == caller)
    #expect(Dispatcher().dispatchWatched(Request(), to: ThreadNaming(stopsWhenAsked: false)).bodyText != caller)
  }
}
