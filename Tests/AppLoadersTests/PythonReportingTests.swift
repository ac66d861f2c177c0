import AppLoaders
import Gateway
import Glibc
import TestSupport
import Testing

/// How a Python app's failures and output are reported: tracebacks that lead with
/// what matters, a crash that says where, output in the order written, and a
/// clear word when the interpreter is not Python.
@Suite("Python reporting")
struct PythonReportingTests {
  static let apps = """
    import ctypes, os, sys

    def level_0():
        secret = 7
        raise ValueError("deep failure %d" % secret)

    # Forty distinct frames: a traceback longer than a screenful.
    for _n in range(1, 40):
        exec("def level_%d():\\n    return level_%d()\\n" % (_n, _n - 1))

    def deep(environ, start_response):
        return level_39()

    def crash(environ, start_response):
        print("about to crash")
        return ctypes.string_at(0)

    def ticking(environ, start_response):
        if environ["PATH_INFO"] == "/start":
            import threading, time
            threading.Thread(target=lambda: (time.sleep(0.1), print("tick from a thread")), daemon=True).start()
        else:
            print("handling " + environ["PATH_INFO"])
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    def prints(environ, start_response):
        print("one")
        sys.stderr.write("two\\n")
        print("three", file=sys.stderr)
        sys.stdout.write("four\\n")
        os.write(1, b"five, raw\\n")
        print("six")
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]
    """

  func load(_ directory: TemporaryFolder, _ callable: String, python: String = "python3") throws -> LoadedApp {
    directory.write("reporting.py", Self.apps)
    return try AppLoader(options: LoadOptions(workingDirectory: directory.path, python: python)).load(
      .python(module: "reporting", callable: callable))
  }

  @Test("a long traceback leads with the exception line, then the frame that raised, and leaves gwsh's frames out")
  func longTraceback() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let app = try load(directory, "deep")
    defer { app.shutdown() }
    let lines = dispatch(app).errorsText.split(separator: "\n").map(String.init)
    #expect(lines.first == "ValueError: deep failure 7")
    #expect(lines.dropFirst().first == "Traceback (most recent call first):")
    #expect(lines.dropFirst(2).first?.hasSuffix("line 5, in level_0") == true, "\(lines)")
    #expect(lines.dropFirst(3).first == "    raise ValueError(\"deep failure %d\" % secret)")
    #expect(!lines.contains { $0.contains("File \"<string>\"") }, "\(lines)")
  }

  @Test("an import error shows the exception and the app's frames, not the worker's or importlib's")
  func importError() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    directory.write("importsbad.py", "x = 1\nimport gwsh_no_such_module_here\n")
    #expect {
      try AppLoader(options: LoadOptions(workingDirectory: directory.path)).load(
        .python(module: "importsbad", callable: "application"))
    } throws: { error in
      let text = "\(error)"
      let lines = text.split(separator: "\n").map(String.init)
      return lines.dropFirst().first == "ModuleNotFoundError: No module named 'gwsh_no_such_module_here'"
        && text.contains("importsbad.py\", line 2, in <module>") && !text.contains("<string>")
        && !text.contains("importlib")
    }
  }

  @Test("a segfault names the file and line where it happened, in a sentence")
  func segfault() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let app = try load(directory, "crash")
    defer { app.shutdown() }
    let exchange = dispatch(app)
    let failure = try #require(exchange.failureBeforeHeaders, "expected a failure, got \(exchange.outcome)")
    #expect(
      failure.message.hasPrefix("the Python worker was killed by SIGSEGV (Segmentation fault) during the request"))
    #expect(exchange.errorsText.contains("Fatal Python error: Segmentation fault"))
    #expect(exchange.errorsText.contains("reporting.py\", line 16 in crash"), "\(exchange.errorsText)")
    #expect(!exchange.errorsText.contains("<string>"))
    #expect(exchange.strayText == "about to crash\n")
  }

  @Test("what a background thread printed between requests comes with the next one, marked as printed before it")
  func strayBetweenRequests() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let app = try load(directory, "ticking")
    defer { app.shutdown() }
    #expect(dispatch(app, target: "/start").strayText == "")
    usleep(600_000)
    let next = dispatch(app, target: "/next")
    #expect(next.strayText == "tick from a thread\nhandling /next\n")
    #expect(next.strayOutputBeforeRequest == "tick from a thread\n".utf8.count)
    #expect(dispatch(app, target: "/again").strayOutputBeforeRequest == 0)
  }

  @Test("print(), sys.stderr and raw writes to fd 1 show in the order the app wrote them")
  func strayOrder() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let app = try load(directory, "prints")
    defer { app.shutdown() }
    for _ in 0..<2 {
      #expect(dispatch(app).strayText == "one\ntwo\nthree\nfour\nfive, raw\nsix\n")
    }
  }

  @Test("--python naming a program that is not Python says so, naming it, without echoing the worker")
  func notPython() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    for program in ["/bin/echo", "/bin/cat"] {
      #expect {
        try load(directory, "prints", python: program)
      } throws: { error in
        let text = "\(error)"
        return text.hasPrefix("'\(program)' is not a Python 3 interpreter: it exited with status")
          && !text.contains("import gc") && text.count < 300
      }
    }
  }

  @Test("without a terminal, breakpoint() is an error naming the file and line, never a wait")
  func breakpointWithoutTerminal() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    directory.write(
      "stops.py",
      """
      def application(environ, start_response):
          breakpoint()
      """)
    let app = try AppLoader(options: LoadOptions(workingDirectory: directory.path)).load(
      .python(module: "stops", callable: "application"))
    defer { app.shutdown() }
    let exchange = dispatch(app)
    let failure = try #require(exchange.failureBeforeHeaders, "expected a failure, got \(exchange.outcome)")
    #expect(
      failure.message.hasPrefix(
        "RuntimeError: breakpoint() at \(directory.path)/stops.py, line 2: gwsh has no terminal"))
  }
}
