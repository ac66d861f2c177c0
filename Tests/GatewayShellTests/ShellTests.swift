import AppLoaders
import Foundation
import Gateway
import GatewayApps
import Session
import TestSupport
import Testing

@testable import GatewayShell

/// A shell on the built-in apps with scripted input, its output kept in memory.
struct ScriptedShell {
  let input: ScriptedInput
  let output = CapturedOutput()
  let shell: Shell
  let journalFolder: String

  init(
    _ events: [InputEvent], interactive: Bool = true, journal: Bool = false, engine: SessionEngine = SessionEngine()
  ) throws {
    input = ScriptedInput(events, isInteractive: interactive)
    journalFolder = TemporaryFolder(prefix: "gwsh-journal").path
    shell = Shell(
      engine: engine, input: input, output: output, style: .plain,
      journal: journal ? try Journal(folder: journalFolder) : nil, appNames: ["demo", "echo"])
  }

  init(lines: [String], interactive: Bool = true, journal: Bool = false, engine: SessionEngine = SessionEngine())
    throws
  {
    try self.init(lines.map(InputEvent.line), interactive: interactive, journal: journal, engine: engine)
  }

  /// Runs the script to its end and returns what was printed.
  func run() -> String {
    shell.run()
    return output.contents
  }

  func journalText() throws -> String {
    let files = try FileManager.default.contentsOfDirectory(atPath: journalFolder)
    #expect(files.count == 1)
    return try String(contentsOfFile: journalFolder + "/" + (files.first ?? ""), encoding: .utf8)
  }
}

@Suite("The REPL's logic, with scripted input")
struct ShellTests {
  @Test("a request line dispatches at once and the response is shown")
  func request() throws {
    let text = try ScriptedShell(lines: ["load demo", "GET /api/items?limit=1"]).run()
    #expect(text.contains("loaded demo"))
    #expect(text.contains("200 OK\nContent-Type: application/json"))
    #expect(text.contains("\"name\": \"teapot\""))
  }

  @Test("a mistyped command gets one line naming the nearest command, and the shell goes on")
  func mistyped() throws {
    let script = try ScriptedShell(lines: ["load demo", "heder Accept: text/html", "GET /"])
    let text = script.run()
    #expect(text.contains("error: unknown command 'heder'; did you mean header?\n"))
    #expect(text.contains("200 OK"))
    #expect(script.shell.failures == 1)
  }

  @Test("a here-document reads continuation lines up to its terminator and becomes the body")
  func hereDocument() throws {
    let script = try ScriptedShell(lines: ["load echo", "body <<END", "first", "second", "END", "POST /"])
    let text = script.run()
    #expect(text.contains(#""body": "first\nsecond\n""#))
    #expect(script.input.prompts.filter { $0 == "… " }.count == 3)
  }

  @Test("a request typed with a here-document is sent with it as its body; no line of the body runs as a command")
  func requestWithHereDocument() throws {
    let script = try ScriptedShell(lines: ["load echo", "POST /items <<END", "DELETE /users", "END"])
    let text = script.run()
    #expect(text.contains(#""body": "DELETE /users\n""#), "\(text)")
    #expect(text.contains(#""REQUEST_METHOD": "POST""#))
    #expect(!text.contains(#""REQUEST_METHOD": "DELETE""#))
    #expect(script.input.prompts.filter { $0 == "… " }.count == 2)
  }

  @Test("an error keeps its lines, as a Python traceback has them, and escapes every other control character")
  func multilineError() throws {
    let loader = AppLoader(options: LoadOptions(workingDirectory: FileManager.default.temporaryDirectory.path))
    let output = CapturedOutput()
    let shell = Shell(
      engine: SessionEngine(loader: loader),
      input: ScriptedInput(lines: ["load python:gwsh_no_such_module", "load cgi:/nowhere/\u{1b}[31mred"]),
      output: output, style: .plain, journal: nil, appNames: [])
    shell.run()
    let text = output.contents
    #expect(!text.contains("<frozen importlib"), "\(text)")
    #expect(text.contains("\nModuleNotFoundError: No module named 'gwsh_no_such_module'\n"))
    #expect(!text.contains("\u{1b}"))
    #expect(text.contains("\\x1b[31mred"))
  }

  @Test("Ctrl-C while typing abandons the line or here-document and the shell goes on; end of input ends it")
  func interrupted() throws {
    let script = try ScriptedShell([
      .line("load echo"), .line("body <<END"), .line("half"), .interrupted(typed: "ha"), .interrupted(typed: ""),
      .line("POST /"), .end,
      .line("GET /never"),
    ])
    let text = script.run()
    #expect(text.contains("the here-document was abandoned"))
    #expect(text.contains(#""body_length": 0"#))
    #expect(!text.contains("/never"))
  }

  @Test("the prompt names the current app, and there is none when reading from a pipe")
  func prompts() throws {
    let interactive = try ScriptedShell(lines: ["load echo"])
    _ = interactive.run()
    #expect(interactive.input.prompts == ["gwsh> ", "echo> "])
    let piped = try ScriptedShell(lines: ["load echo", "GET /"], interactive: false)
    let text = piped.run()
    #expect(piped.input.prompts.allSatisfy { $0.isEmpty })
    #expect(!text.contains("> "))
  }

  @Test("quit and exit end the shell; lines after them are not run")
  func quit() throws {
    for word in ["quit", "exit"] {
      let script = try ScriptedShell(lines: ["load demo", word, "GET /"])
      #expect(!script.run().contains("200 OK"))
    }
  }

  @Test("the journal holds each command and, after each dispatch, its response as expect lines")
  func journal() throws {
    let script = try ScriptedShell(
      lines: ["load demo", "use ghost", "header Accept: text/html", "GET /api/items/2", "nonsense", "quit"],
      journal: true)
    _ = script.run()
    let journal = try script.journalText()
    #expect(journal.contains("load demo\n# failed: "))
    #expect(journal.contains("# use ghost\nheader Accept: text/html\nGET /api/items/2\n"))
    #expect(journal.contains("expect status 200 OK\n"))
    #expect(journal.contains("\"kettle\""))
    #expect(journal.contains("# (did not parse) nonsense\n"))
    #expect(journal.contains("# failed: no app named 'ghost' is loaded (loaded: demo)\n# use ghost\n"))
    #expect(!journal.contains("quit"))
    // The journal is a session file: it parses, so `gwsh run` can replay it.
    let statements = try SessionParser.parse(journal)
    #expect(statements.prefix(3).map(\.text) == ["load demo", "header Accept: text/html", "GET /api/items/2"])
    #expect(statements.dropFirst(3).contains { $0.text == "expect status 200 OK" })
  }

  @Test("the journal names files by absolute path, so it replays from its own folder")
  func journalPaths() throws {
    let folder = TemporaryFolder(prefix: "gwsh-paths").path
    try "from a file\n".write(toFile: folder + "/payload.txt", atomically: true, encoding: .utf8)
    let script = try ScriptedShell(lines: ["load echo", "body @payload.txt", "POST /"], journal: true)
    script.shell.directory = folder
    let text = script.run()
    #expect(text.contains(#""body": "from a file\n""#))
    #expect(try script.journalText().contains("body @\(folder)/payload.txt\n"))
  }

  @Test("the journal is on disk before the next prompt, without the shell ending")
  func journalIsFlushed() throws {
    final class Peek: LineInput {
      var reads = 0
      var seen = ""
      let folder: String
      init(folder: String) { self.folder = folder }
      var isInteractive: Bool { true }
      func read(prompt: String) -> InputEvent {
        reads += 1
        if reads == 1 { return .line("load demo") }
        if reads == 2 { return .line("GET /api/items/3") }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        seen = files.first.flatMap { try? String(contentsOfFile: folder + "/" + $0, encoding: .utf8) } ?? ""
        return .end
      }
    }
    let folder = TemporaryFolder(prefix: "gwsh-flush").path
    let input = Peek(folder: folder)
    let shell = Shell(
      engine: SessionEngine(), input: input, output: CapturedOutput(), style: .plain,
      journal: try Journal(folder: folder), appNames: [])
    shell.run()
    #expect(input.seen.contains("GET /api/items/3\n"))
    #expect(input.seen.contains("\"mug\""))
  }

  @Test("a sourced file's responses are shown one after another, each with its summary, not the summaries at the end")
  func sourcedResponsesInOrder() throws {
    let folder = TemporaryFolder(prefix: "gwsh-source-order")
    defer { folder.remove() }
    let file = folder.write("two.gws", "GET /?chunks=2&delay=0.05&n=first\nGET /?chunks=2&delay=0.05&n=second\n")
    let script = try ScriptedShell(lines: ["load slow", "source \(file)"])
    // Live at once: each response streams as it comes, as a slow one does at the prompt.
    script.shell.liveAfter = .zero
    let text = script.run()
    let summaries = text.ranges(of: "── ").map(\.lowerBound)
    let statuses = text.ranges(of: "200 OK").map(\.lowerBound)
    try #require(summaries.count == 2 && statuses.count == 2, "\(text)")
    #expect(statuses[0] < summaries[0] && summaries[0] < statuses[1] && statuses[1] < summaries[1], "\(text)")
  }

  @Test("a response slow to start that then comes whole shows its headers at once and its JSON laid out")
  func slowStartWholeBody() throws {
    // As an app stopped at a breakpoint answers once the person goes on.
    let late = BuiltinApps.Entry(
      name: "late", summary: "",
      app: ClosureApplication { _, startResponse in
        Thread.sleep(forTimeInterval: 0.3)
        try startResponse("200 OK", [("Content-Type", "application/json")])
        return ChunkedBody([Array(#"{"a": [1, 2]}"#.utf8)])
      })
    let script = try ScriptedShell(
      lines: ["load late", "GET /"], engine: SessionEngine(loader: AppLoader(builtins: [late])))
    script.shell.liveAfter = .milliseconds(50)
    let text = script.run()
    let laidOut = "{\n  \"a\": [\n    1,\n    2\n  ]\n}\n"
    #expect(text.contains("200 OK\nContent-Type: application/json\n\n" + laidOut), "\(text)")
    #expect(!text.contains(#"{"a": [1, 2]}"#), "\(text)")
  }

  @Test("redirects followed after a slow first response are shown in order: each response's body before the next")
  func slowRedirectInOrder() throws {
    let hops = BuiltinApps.Entry(
      name: "hops", summary: "",
      app: ClosureApplication { environ, startResponse in
        switch environ.string("PATH_INFO") {
        case "/login":
          Thread.sleep(forTimeInterval: 0.3)
          try startResponse("302 Found", [("Location", "/step"), ("Content-Type", "text/plain")])
          return ChunkedBody([Array("to step\n".utf8)])
        case "/step":
          try startResponse("302 Found", [("Location", "/home"), ("Content-Type", "text/plain")])
          return ChunkedBody([Array("to home\n".utf8)])
        default:
          try startResponse("200 OK", [("Content-Type", "text/plain")])
          return ChunkedBody([Array("home\n".utf8)])
        }
      })
    let script = try ScriptedShell(
      lines: ["load hops", "follow on", "GET /login"], engine: SessionEngine(loader: AppLoader(builtins: [hops])))
    script.shell.liveAfter = .milliseconds(50)
    let text = script.run()
    let order = ["302 Found", "to step", "Location: /home", "to home", "200 OK", "\nhome\n"].map {
      text.range(of: $0)?.lowerBound
    }
    #expect(!order.contains(nil), "\(text)")
    #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted(), "\(text)")
  }

  @Test("a megabyte header is cut as it is shown, live or not; show response --full and the journal have it whole")
  func longHeader() throws {
    let long = String(repeating: "a", count: 1_000_000)
    let longhdr = BuiltinApps.Entry(
      name: "longhdr", summary: "",
      app: ClosureApplication { _, startResponse in
        try startResponse("200 OK", [("Content-Type", "text/plain"), ("X-Long", long)])
        return ChunkedBody([Array("ok\n".utf8)])
      })
    for liveAfter in [Duration.seconds(60), .zero] {
      let script = try ScriptedShell(
        lines: ["load longhdr", "GET /", "show response", "show response --full"], journal: true,
        engine: SessionEngine(loader: AppLoader(builtins: [longhdr])))
      script.shell.liveAfter = liveAfter
      let text = script.run()
      let cut = "\nX-Long: " + String(repeating: "a", count: 1024) + "…\n… 999.0 KB more of 1.0 MB of X-Long not shown"
      // Once as the request answered (through the live view when it went live), once for `show response`.
      #expect(text.components(separatedBy: cut).count == 3, "live after \(liveAfter)")
      #expect(text.components(separatedBy: "\nX-Long: " + long + "\n").count == 2, "live after \(liveAfter)")
      #expect(text.utf8.count < 1_010_000, "live after \(liveAfter)")
      #expect(try script.journalText().contains("\nexpect header X-Long: " + long + "\n"))
    }
  }

  @Test("a long capture shows its head, never cutting a character, and the variable holds it whole")
  func longCapture() throws {
    // One ASCII letter first, so the budget's end falls inside a two-byte character.
    let long = "a" + String(repeating: "é", count: 300_000)
    let longhdr = BuiltinApps.Entry(
      name: "longhdr", summary: "",
      app: ClosureApplication { _, startResponse in
        try startResponse("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
        return ChunkedBody([Array(long.utf8)])
      })
    let engine = SessionEngine(loader: AppLoader(builtins: [longhdr]))
    let text = try ScriptedShell(lines: ["load longhdr", "GET /", "capture L body ~ (a.*)"], engine: engine).run()
    let head = "a" + String(repeating: "é", count: 511)
    #expect(text.contains("\nL = " + head + "…\n… 599.0 KB more of 600.0 KB of L not shown — {{L}} holds it all\n"))
    #expect(engine.variables["L"] == long)
    #expect(text.utf8.count < 20_000)
  }

  @Test("show response --full, show trace and show request print what they name")
  func showCommands() throws {
    let text = try ScriptedShell(lines: [
      "load demo", "header X-Trace: on", "GET /api/items", "show trace", "show request", "show response --full",
    ]).run()
    #expect(text.contains("start_response('200 OK'"))
    #expect(text.contains("GET /api/items"))
    #expect(text.contains("X-Trace: on"))
    #expect(text.components(separatedBy: "\"teapot\"").count == 3)
  }

  @Test("environ keys and header names the session used are offered by Tab afterwards")
  func completerLearns() throws {
    let script = try ScriptedShell(lines: ["set X_TENANT acme", "header X-Api-Key: k", "header Bad Header", "set"])
    _ = script.run()
    let completer = try #require(script.input.completer)
    #expect(completer.complete("X_T", after: "unset ").matches == ["X_TENANT"])
    #expect(completer.complete("X-Api", after: "unheader ").matches == ["X-Api-Key"])
    #expect(completer.complete("Bad", after: "unheader ").matches.isEmpty)
  }

  @Test("the completer the shell hands readline knows the commands and the apps loaded")
  func completerFollowsState() throws {
    let script = try ScriptedShell(lines: ["load echo as mirror"])
    _ = script.run()
    #expect(script.input.completer?.loadedNames == ["mirror"])
    #expect(script.input.completer?.commands.contains("header") == true)
  }
}
