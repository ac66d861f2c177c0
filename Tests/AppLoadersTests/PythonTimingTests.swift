import AppLoaders
import Gateway
import Glibc
import Synchronization
import TestSupport
import Testing

/// What the user sees of when things happened in a Python app, and how fast a
/// stop takes effect, now that the worker sends start_response with the next event.
@Suite("Python bridge timing")
struct PythonTimingTests {
  static let apps = """
    import time

    def late_chunk(environ, start_response):
        def body():
            start_response("200 OK", [("Content-Type", "text/plain")])
            time.sleep(0.4)
            yield b"late"
        return body()

    def streamed(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        def body():
            yield b"first "
            time.sleep(0.4)
            yield b"second"
        return body()

    def late_write(environ, start_response):
        write = start_response("200 OK", [("Content-Type", "text/plain")])
        time.sleep(0.4)
        write(b"written ")
        return [b"and returned"]
    """

  func load(_ callable: String, in directory: TemporaryFolder) throws -> LoadedApp {
    directory.write("timing.py", Self.apps)
    return try AppLoader(options: LoadOptions(workingDirectory: directory.path)).load(
      .python(module: "timing", callable: callable))
  }

  @Test(
    "start_response shows when the app called it, not when its first chunk or write came",
    arguments: ["late_chunk", "late_write"])
  func startResponseTime(callable: String) throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let app = try load(callable, in: directory)
    defer { app.shutdown() }
    let exchange = dispatch(app)
    #expect(exchange.status == "200 OK")
    let startResponse = try #require(exchange.timings.startResponse)
    let firstByte = try #require(exchange.timings.firstByte)
    #expect(startResponse < .milliseconds(250), "start_response was called at once")
    #expect(firstByte >= .milliseconds(400), "the first body bytes came after the sleep")
    let traced = exchange.trace.entries.compactMap { entry -> Duration? in
      if case .startResponse = entry.event { return entry.time }
      return nil
    }
    #expect(traced == [startResponse])
    let times = exchange.trace.entries.map(\.time)
    #expect(times == times.sorted(), "the trace stays in the order things happened")
  }

  @Test("a streamed body reaches the user chunk by chunk, as the app yields it")
  func streaming() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let app = try load("streamed", in: directory)
    defer { app.shutdown() }
    let observer = ChunkTimes()
    let exchange = Dispatcher(limits: DispatchLimits(timeout: .seconds(20))).dispatchWatched(
      Request(target: "/"), to: app.app, observer: observer)
    #expect(exchange.bodyText == "first second")
    let chunks = observer.chunks
    #expect(chunks.map(\.text) == ["first ", "second"])
    if chunks.count == 2 {
      #expect(chunks[1].at - chunks[0].at >= .milliseconds(300), "the first chunk was shown before the second was made")
    }
  }

  @Test("a stop during a restart of the worker ends the request at once: Ctrl-C, or the deadline")
  func stopDuringRestart() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    // The first import is quick; every later one (the restart) takes 30 seconds.
    directory.write(
      "restarts.py",
      """
      import os, threading, time
      if os.path.exists("imported-once"):
          time.sleep(30)
      open("imported-once", "w").close()
      def application(environ, start_response):
          threading.Timer(0.1, os._exit, (7,)).start()
          start_response("200 OK", [("Content-Type", "text/plain")])
          return [b"pid %d" % os.getpid()]
      """)
    let app = try AppLoader(options: LoadOptions(workingDirectory: directory.path)).load(
      .python(module: "restarts", callable: "application"))
    defer { app.shutdown() }
    let first = dispatch(app)
    let firstPid = pid_t(first.bodyText.dropFirst(4)) ?? 0
    let deadline = ContinuousClock.now + .seconds(10)
    while isRunning(firstPid), ContinuousClock.now < deadline { usleep(20_000) }

    let flag = CancellationFlag()
    Thread {
      usleep(300_000)
      flag.cancel()
    }.start()
    var start = ContinuousClock.now
    let cancelled = dispatch(app, cancellation: flag)
    #expect(ContinuousClock.now - start < .seconds(3))
    #expect(cancelled.outcome == .stopped(.cancelled))

    start = ContinuousClock.now
    let timedOut = dispatch(app, timeout: .milliseconds(500))
    #expect(ContinuousClock.now - start < .seconds(3))
    #expect(timedOut.outcome == .stopped(.timedOut(.milliseconds(500))))
  }
}

/// The body chunks an observer saw, with when each arrived.
final class ChunkTimes: ExchangeObserver {
  private let start = ContinuousClock.now
  private let seen = Mutex<[(text: String, at: Duration)]>([])

  var chunks: [(text: String, at: Duration)] { seen.withLock { $0 } }

  func headersSent(status: String, headers: [HeaderField]) {}

  func bodySent(_ bytes: [UInt8]) {
    let at = ContinuousClock.now - start
    seen.withLock { $0.append((String(decoding: bytes, as: UTF8.self), at)) }
  }
}
