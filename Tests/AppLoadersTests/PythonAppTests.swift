import AppLoaders
import Gateway
import Glibc
import TestSupport
import Testing

/// Real Python WSGI apps through the persistent worker.
@Suite("Python WSGI apps")
struct PythonAppTests {
  static func load(_ spec: String, in directory: String = "/tmp") throws -> LoadedApp {
    try AppLoader(options: LoadOptions(workingDirectory: directory)).load(AppSpec(parsing: spec))
  }

  @Test("a module in the working directory answers, and its state lives across requests")
  func persistentState() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    directory.write(
      "counter.py",
      """
      import os
      print("importing counter")
      hits = []
      def application(environ, start_response):
          hits.append(environ["PATH_INFO"])
          body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
          start_response("200 OK", [("Content-Type", "text/plain"), ("X-Pid", str(os.getpid()))])
          return [b"hit %d %s %s" % (len(hits), environ["PATH_INFO"].encode(), body)]
      """)
    let app = try Self.load("python:counter", in: directory.path)
    defer { app.shutdown() }
    let first = dispatch(app, target: "/a")
    let second = dispatch(app, method: "POST", target: "/b", body: .bytes(Array("posted".utf8)))
    #expect(first.status == "200 OK")
    #expect(first.bodyText == "hit 1 /a ")
    #expect(second.bodyText == "hit 2 /b posted")
    #expect(first.header("X-Pid") == second.header("X-Pid"), "one worker serves both")
    #expect(second.inputBytesRead == 6)
  }

  @Test("a Flask app answers its routes")
  func flask() throws {
    // `.ci/run` installs Flask; the test never installs anything itself.
    try #require(run(["python3", "-c", "import flask"]).status == 0, "Flask is missing: bash .ci/run installs it")
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    directory.write(
      "shop.py",
      """
      from flask import Flask, jsonify, request
      app = Flask(__name__)
      @app.route("/items/<int:item>")
      def item(item):
          return jsonify(id=item, q=request.args.get("q"))
      @app.post("/echo")
      def echo():
          return request.get_data()
      """)
    let app = try Self.load("python:shop:app", in: directory.path)
    defer { app.shutdown() }
    let item = dispatch(app, target: "/items/7?q=red")
    #expect(item.status == "200 OK")
    #expect(item.header("Content-Type") == "application/json")
    #expect(item.bodyText.contains("\"id\":7"))
    #expect(item.bodyText.contains("\"q\":\"red\""))
    let echo = dispatch(app, method: "POST", target: "/echo", body: .bytes(Array("round trip".utf8)))
    #expect(echo.bodyText == "round trip")
    let missing = dispatch(app, target: "/nowhere")
    #expect(missing.status == "404 NOT FOUND")
  }

  @Test("werkzeug.testapp:test_app and wsgiref.simple_server:demo_app answer")
  func thirdPartyApps() throws {
    let werkzeug = try Self.load("python:werkzeug.testapp:test_app")
    defer { werkzeug.shutdown() }
    let page = dispatch(werkzeug)
    #expect(page.status == "200 OK")
    #expect(page.header("Content-Type") == "text/html; charset=utf-8")
    #expect(page.bodyText.contains("Werkzeug"))

    let demo = try Self.load("python:wsgiref.simple_server:demo_app")
    defer { demo.shutdown() }
    let hello = dispatch(demo, target: "/?x=1")
    #expect(hello.status == "200 OK")
    #expect(hello.bodyText.hasPrefix("Hello world!"))
    #expect(hello.bodyText.contains("QUERY_STRING = 'x=1'"))
  }

  @Test("an import error shows the Python traceback at load time")
  func importError() {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    directory.write("broken.py", "import os\nraise RuntimeError('no database configured')\n")
    #expect {
      try Self.load("python:broken", in: directory.path)
    } throws: { error in
      let text = "\(error)"
      return text.contains("Traceback (most recent call first)") && text.contains("broken.py")
        && text.contains("RuntimeError: no database configured")
    }
    #expect {
      try Self.load("python:os.path:nothing_here")
    } throws: { error in "\(error)".contains("AttributeError") }
  }

  @Test("a worker that dies while importing, or an interpreter that cannot start, is a load error saying so")
  func workerDeathAtImport() {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    directory.write("dies.py", "import os\nos.write(2, b'native crash report\\n')\nos._exit(5)\n")
    #expect(
      throws: LoadError.workerExited(
        spec: "python:dies:application", outcome: "exited with status 5", output: "native crash report\n")
    ) {
      try Self.load("python:dies", in: directory.path)
    }
    let fake = directory.write(
      "fake-python", "#!/bin/sh\necho \"fake-python: not an interpreter\" >&2\nexit 2\n", executable: true)
    #expect(
      throws: LoadError.notPython(
        interpreter: fake, outcome: "exited with status 2", output: "fake-python: not an interpreter\n")
    ) {
      try AppLoader(options: LoadOptions(workingDirectory: directory.path, python: fake)).load(
        .python(module: "dies", callable: "application"))
    }
    let options = LoadOptions(workingDirectory: directory.path, python: directory.path + "/no-such-python")
    #expect {
      try AppLoader(options: options).load(.python(module: "dies", callable: "application"))
    } throws: { error in
      guard case .pythonNotStarted(let interpreter, _)? = error as? LoadError else { return false }
      return interpreter.hasSuffix("no-such-python") && "\(error)".contains("--python")
    }
  }

  @Test("the environ reaches Python with its types: strings (also with NUL or non-latin-1 text), flags and the version")
  func environTypes() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    directory.write(
      "typed_environ.py",
      """
      def application(environ, start_response):
          keys = ["X_NUL", "X_TEXT", "wsgi.multithread", "wsgi.version", "wsgi.run_once"]
          start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
          # X_TEXT holds the UTF-8 bytes of what was typed, read as latin-1 (PEP 3333).
          environ["X_TEXT"] = environ["X_TEXT"].encode("latin-1").decode("utf-8")
          return [repr([environ.get(key) for key in keys]).encode("utf-8")]
      """)
    let app = try Self.load("python:typed_environ", in: directory.path)
    defer { app.shutdown() }
    let exchange = dispatch(
      app,
      overrides: [
        ("X_NUL", .string("a\u{0}b")), ("X_TEXT", .string("grüße €")), ("wsgi.multithread", .bool(true)),
        ("wsgi.run_once", nil),
      ])
    #expect(exchange.bodyText == "['a\\x00b', 'grüße €', True, (1, 0), None]")
  }

  @Test("a relative --python path is taken from where gwsh runs, not from the app's directory")
  func relativeInterpreter() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let appDirectory = directory.path + "/app/deeper"
    directory.write("app/deeper/hello.py", "from wsgiref.simple_server import demo_app as application\n")
    directory.write("interpreter", "#!/bin/sh\nexec python3 \"$@\"\n", executable: true)
    var buffer = [CChar](repeating: 0, count: 4096)
    let here = String(cString: getcwd(&buffer, buffer.count)!)
    let depth = here.split(separator: "/").count
    let relative = String(repeating: "../", count: depth) + directory.path.dropFirst() + "/interpreter"
    let options = LoadOptions(workingDirectory: appDirectory, python: relative)
    let app = try AppLoader(options: options).load(.python(module: "hello", callable: "application"))
    defer { app.shutdown() }
    #expect(dispatch(app).bodyText.hasPrefix("Hello world!"))
  }

  @Test("dispatches from two threads at once take turns on the one worker")
  func concurrentDispatches() throws {
    let app = try Self.load("python:wsgiref.simple_server:demo_app")
    defer { app.shutdown() }
    let results = Results()
    var threads: [Thread] = []
    for _ in 0..<2 {
      let thread = Thread {
        for _ in 0..<20 { results.add(dispatch(app).status ?? "none") }
      }
      threads.append(thread)
      thread.start()
    }
    let deadline = ContinuousClock.now + .seconds(20)
    while results.count < 40, ContinuousClock.now < deadline { usleep(10_000) }
    #expect(results.all == Array(repeating: "200 OK", count: 40))
  }
}

/// Statuses collected from several threads, under a pthread mutex rather than a `Mutex`: Thread
/// Sanitizer does not see a contended `Mutex` hand its lock over, and reported a race between two
/// accesses inside it here (docs/robustness.md, "`Synchronization.Mutex` and Thread Sanitizer").
final class Results: @unchecked Sendable {
  private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  private var statuses: [String] = []

  init() { pthread_mutex_init(mutex, nil) }

  deinit {
    pthread_mutex_destroy(mutex)
    mutex.deallocate()
  }

  private func locked<Value>(_ body: () -> Value) -> Value {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    return body()
  }

  func add(_ status: String) { locked { statuses.append(status) } }

  var all: [String] { locked { statuses } }

  var count: Int { locked { statuses.count } }
}
