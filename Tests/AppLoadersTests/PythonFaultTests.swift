import AppLoaders
import Gateway
import Glibc
import TestSupport
import Testing

/// Python apps that print, break the protocol, crash, hang or read large bodies.
@Suite("Python faults")
struct PythonFaultTests {
  static let apps = """
    import os, sys, time

    def prints(environ, start_response):
        print("debugging output")
        print("to stderr", file=sys.stderr)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"clean body"]

    def yields_str(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return ["not bytes"]

    def returns_bytes(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return b"whole"

    def bad_status(environ, start_response):
        start_response(200, [("Content-Type", "text/plain")])
        return [b"never"]

    def bytes_to_errors(environ, start_response):
        environ["wsgi.errors"].write("fine\\n")
        environ["wsgi.errors"].write(b"bytes")
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"never"]

    def exc_info(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        try:
            raise ValueError("template failed")
        except ValueError:
            start_response("500 Internal Server Error", [("Content-Type", "text/plain")], sys.exc_info())
            return [b"recovered"]

    def exc_info_late(environ, start_response):
        write = start_response("200 OK", [("Content-Type", "text/plain")])
        write(b"partial")
        try:
            raise ValueError("too late")
        except ValueError:
            start_response("500 Internal Server Error", [("Content-Type", "text/plain")], sys.exc_info())
        return [b"never"]

    def crash(environ, start_response):
        if environ["PATH_INFO"] == "/crash":
            os._exit(3)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"pid %d" % os.getpid()]

    def fork_and_die(environ, start_response):
        child = os.fork()
        if child == 0:
            time.sleep(30)
            os._exit(0)
        with open("forked.pid", "w") as pid:
            pid.write(str(child))
        os._exit(3)

    def hang(environ, start_response):
        if environ["PATH_INFO"] == "/hang":
            time.sleep(60)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"pid %d" % os.getpid()]

    def endless(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        while True:
            yield b"x" * 65536

    def upload(environ, start_response):
        stream = environ["wsgi.input"]
        total, biggest = 0, 0
        while True:
            chunk = stream.read(65536)
            if not chunk:
                break
            total += len(chunk)
            biggest = max(biggest, len(chunk))
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"%d %d" % (total, biggest)]

    def ignores_body(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ignored"]

    class FailingClose:
        def __iter__(self):
            return iter([b"complete body"])
        def close(self):
            raise OSError("cleanup failed")

    def close_raises(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return FailingClose()

    def raises(environ, start_response):
        raise KeyError("missing")
    """

  func load(_ callable: String, in directory: TemporaryFolder) throws -> LoadedApp {
    directory.write("faults.py", Self.apps)
    return try AppLoader(options: LoadOptions(workingDirectory: directory.path)).load(
      .python(module: "faults", callable: callable))
  }

  @Test("what the app prints is stray output, never part of the response")
  func strayOutput() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let app = try load("prints", in: directory)
    defer { app.shutdown() }
    let exchange = dispatch(app)
    #expect(exchange.bodyText == "clean body")
    #expect(exchange.strayText == "debugging output\nto stderr\n")
    #expect(exchange.status == "200 OK")
  }

  @Test(
    "a str chunk, a str or bytes iterable, a non-str status and bytes to wsgi.errors are diagnosed and fail as in wsgiref"
  )
  func typeViolations() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let strChunk = try load("yields_str", in: directory)
    defer { strChunk.shutdown() }
    let exchange = dispatch(strChunk)
    #expect(exchange.diagnosticIDs.contains("body.not-bytes"))
    #expect(exchange.status == "500 Internal Server Error")
    #expect(exchange.errorsText.contains("AssertionError: write() argument must be a bytes instance"))

    let whole = try load("returns_bytes", in: directory)
    defer { whole.shutdown() }
    #expect(dispatch(whole).diagnosticIDs.contains("body.iterable-is-string"))

    let status = try load("bad_status", in: directory)
    defer { status.shutdown() }
    let badStatus = dispatch(status)
    #expect(badStatus.diagnosticIDs.contains("start-response.arguments"))
    #expect(badStatus.status == "500 Internal Server Error")

    let errors = try load("bytes_to_errors", in: directory)
    defer { errors.shutdown() }
    let bytesToErrors = dispatch(errors)
    #expect(bytesToErrors.diagnosticIDs.contains("errors.not-string"))
    #expect(bytesToErrors.errorsText.hasPrefix("fine\n"))
  }

  @Test("exc_info replaces the status before the headers went out and re-raises after")
  func excInfo() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let early = try load("exc_info", in: directory)
    defer { early.shutdown() }
    let replaced = dispatch(early)
    #expect(replaced.status == "500 Internal Server Error")
    #expect(replaced.bodyText == "recovered")
    #expect(replaced.diagnosticIDs.contains("start-response.exc-info-replaced"))

    let late = try load("exc_info_late", in: directory)
    defer { late.shutdown() }
    let cut = dispatch(late)
    #expect(cut.status == "200 OK")
    #expect(cut.bodyText == "partial")
    #expect(cut.diagnosticIDs.contains("start-response.exc-info-after-headers"))
    guard case .failedAfterHeaders(let failure) = cut.outcome else {
      Issue.record("expected a failure after the headers, got \(cut.outcome)")
      return
    }
    #expect(failure.message == "ValueError: too late")
    #expect(failure.traceback?.contains("faults.py") == true)
  }

  @Test("an exception shows its Python traceback in the errors output")
  func exception() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let app = try load("raises", in: directory)
    defer { app.shutdown() }
    let exchange = dispatch(app)
    #expect(exchange.status == "500 Internal Server Error")
    #expect(exchange.errorsText.contains("Traceback (most recent call first)"))
    #expect(exchange.errorsText.contains("KeyError: 'missing'"))
  }

  @Test("a close() that raises keeps the body, is diagnosed, and logs its traceback")
  func closeRaises() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let app = try load("close_raises", in: directory)
    defer { app.shutdown() }
    let exchange = dispatch(app)
    #expect(exchange.status == "200 OK")
    #expect(exchange.bodyText == "complete body")
    #expect(exchange.diagnosticIDs.contains("app.close-failed"))
    #expect(exchange.errorsText.contains("OSError: cleanup failed"))
    #expect(exchange.errorsText.contains("in close"))
    #expect(dispatch(app).bodyText == "complete body", "the worker goes on serving")
  }

  @Test("a worker that dies is shown and restarted for the next request")
  func crash() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let app = try load("crash", in: directory)
    defer { app.shutdown() }
    let before = dispatch(app)
    let died = dispatch(app, target: "/crash")
    let after = dispatch(app)
    #expect(before.status == "200 OK")
    let failure = try #require(died.failureBeforeHeaders, "expected a failure, got \(died.outcome)")
    #expect(failure.message.contains("exited with status 3"))
    #expect(after.status == "200 OK")
    #expect(after.bodyText != before.bodyText, "a new worker process answers")
  }

  @Test("a worker that dies between requests is replaced at the next one, and the errors output says so")
  func deathWhileIdle() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    directory.write(
      "idle.py",
      """
      import os, threading
      def application(environ, start_response):
          if environ["PATH_INFO"] == "/later":
              threading.Timer(0.2, os._exit, (7,)).start()
          start_response("200 OK", [("Content-Type", "text/plain")])
          return [b"pid %d" % os.getpid()]
      """)
    let app = try AppLoader(options: LoadOptions(workingDirectory: directory.path)).load(
      .python(module: "idle", callable: "application"))
    defer { app.shutdown() }
    let first = dispatch(app, target: "/later")
    let firstPid = pid_t(first.bodyText.dropFirst(4)) ?? 0
    let deadline = ContinuousClock.now + .seconds(10)
    while isRunning(firstPid), ContinuousClock.now < deadline { usleep(20_000) }
    let second = dispatch(app)
    #expect(second.status == "200 OK")
    #expect(second.bodyText != first.bodyText)
    #expect(second.errorsText.contains("the Python worker had ended since the last request"))
  }

  @Test("an import that takes longer than the import timeout is stopped and reported")
  func importTimeout() {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    directory.write("slow_import.py", "import time\ntime.sleep(30)\n")
    let options = LoadOptions(workingDirectory: directory.path, importTimeout: .milliseconds(500))
    let start = ContinuousClock.now
    #expect {
      try AppLoader(options: options).load(.python(module: "slow_import", callable: "application"))
    } throws: { error in
      guard case .importTimedOut(let spec, _)? = error as? LoadError else { return false }
      return spec == "python:slow_import:application" && "\(error)".contains("did not finish importing within 0.5s")
    }
    #expect(ContinuousClock.now - start < .seconds(5))
  }

  @Test("a worker that dies while a process it forked keeps the channel open is still seen dead at once")
  func deathWithForkedChild() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let app = try load("fork_and_die", in: directory)
    defer { app.shutdown() }
    let start = ContinuousClock.now
    let exchange = dispatch(app, timeout: .seconds(20))
    #expect(ContinuousClock.now - start < .seconds(5))
    let failure = try #require(exchange.failureBeforeHeaders, "expected a failure, got \(exchange.outcome)")
    #expect(failure.message.contains("exited with status 3"))
    let forked = pid_t(String(decoding: readFile(directory.path + "/forked.pid"), as: UTF8.self)) ?? 0
    #expect(forked > 0)
    usleep(300_000)
    #expect(!isRunning(forked), "the process the worker forked was killed with its group")
  }

  @Test("a request past the timeout kills the worker, and the next request gets a new one")
  func hang() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let app = try load("hang", in: directory)
    defer { app.shutdown() }
    let before = dispatch(app)
    let start = ContinuousClock.now
    let hung = dispatch(app, target: "/hang", timeout: .milliseconds(500))
    #expect(ContinuousClock.now - start < .seconds(3))
    #expect(hung.outcome == .stopped(.timedOut(.milliseconds(500))))
    let after = dispatch(app)
    #expect(after.status == "200 OK")
    #expect(after.bodyText != before.bodyText)
  }

  @Test("Ctrl-C (a cancelled dispatch) stops a stuck app, and the next request gets a new worker")
  func cancellation() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let app = try load("hang", in: directory)
    defer { app.shutdown() }
    let flag = CancellationFlag()
    Thread {
      usleep(300_000)
      flag.cancel()
    }.start()
    let start = ContinuousClock.now
    let cancelled = dispatch(app, target: "/hang", cancellation: flag)
    #expect(ContinuousClock.now - start < .seconds(3))
    #expect(cancelled.outcome == .stopped(.cancelled))
    #expect(dispatch(app).status == "200 OK")
  }

  @Test("an endless body is stopped at the response limit")
  func endless() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let app = try load("endless", in: directory)
    defer { app.shutdown() }
    let exchange = dispatch(app, responseLimit: 4_000_000)
    #expect(exchange.outcome == .stopped(.responseLimit(4_000_000)))
    #expect(exchange.body.byteCount >= 4_000_000)
  }

  @Test("a 20 MiB upload streams on demand in the app's chunks; an app that reads nothing receives nothing")
  func largeUpload() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let size = 20 * 1024 * 1024
    let body = Request.Body.stream(count: size, open: { RepeatingSource(remaining: size) })
    let app = try load("upload", in: directory)
    defer { app.shutdown() }
    let exchange = dispatch(app, method: "POST", body: body)
    #expect(exchange.bodyText == "\(size) 65536")
    #expect(exchange.inputBytesRead == size)

    let idle = try load("ignores_body", in: directory)
    defer { idle.shutdown() }
    let ignored = dispatch(idle, method: "POST", body: body)
    #expect(ignored.bodyText == "ignored")
    #expect(ignored.inputBytesRead == 0)
  }
}

/// A body of `remaining` bytes made on demand, so the test holds none of it.
struct RepeatingSource: ByteSource {
  var remaining: Int
  mutating func read(upTo maxCount: Int) throws -> [UInt8] {
    let count = min(remaining, maxCount)
    remaining -= count
    return [UInt8](repeating: UInt8(ascii: "a"), count: count)
  }
}
