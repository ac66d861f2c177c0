import AppLoaders
import Foundation
import Gateway
import GatewayApps
import Session
import Synchronization
import TestSupport
import Testing

@Suite("The session engine against the built-in apps")
struct EngineTests {
  @Test("a request line dispatches to the loaded app and expectations check the response")
  func requestAndExpect() throws {
    let events = try run(
      """
      load demo
      GET /api/items?limit=2
      expect status 200
      expect header Content-Type: application/json
      expect json $.count == 2
      expect json $.items[-1].name == "kettle"
      expect status 404
      """)
    #expect(events.errors.isEmpty)
    #expect(events.dispatches.count == 1)
    #expect(events.expectations.map(\.passed) == [true, true, true, true, false])
    #expect(events.expectations.last?.actual == "200 OK")
  }

  @Test("a failed status expectation says the code it expected, as written, for every code")
  func expectedStatusText() throws {
    let engine = SessionEngine()
    _ = try run("load demo\nGET /api/items", engine: engine)
    let lines = (100...999).map { "expect status \($0)" }.joined(separator: "\n")
    let results = try run(lines, engine: engine).expectations
    #expect(results.map(\.expected) == (100...999).map { String($0) })
    #expect(results.filter(\.passed).map(\.expected) == ["200"])
  }

  @Test("a login cookie is sent back on the next request to the app, until the jar is cleared")
  func cookieJar() throws {
    let engine = SessionEngine()
    let events = try run(
      """
      load demo
      body user=alice&password=tea
      POST /login
      expect header Set-Cookie ~ ^session=alice
      body
      GET /me
      expect status 200
      expect json $.user == "alice"
      capture first json $.orders[0]
      """, engine: engine)
    #expect(events.errors.isEmpty)
    #expect(events.expectations.allSatisfy { $0.passed })
    #expect(events.dispatches.last?.request.headers.first(named: "Cookie") == "session=alice")
    #expect(engine.variables["first"] == "1001")
    let cleared = try run("cookies clear\nGET /me\nexpect status 401", engine: engine)
    #expect(cleared.expectations.map(\.passed) == [true])
    let off = try run("cookies off\nPOST /login\nbody\nGET /me\nexpect status 401", engine: engine)
    #expect(off.expectations.map(\.passed) == [true])
  }

  @Test("follow on dispatches each redirect hop again, recorded as comments")
  func redirects() throws {
    let events = try run(
      """
      load demo
      GET /old-items
      expect status 301
      follow on
      GET /old-items
      expect status 200
      expect json $.count == 5
      """)
    #expect(events.expectations.map(\.passed) == [true, true, true])
    let hops = events.dispatches.map { "\($0.hop) \($0.request.method) \($0.request.target)" }
    #expect(hops == ["0 GET /old-items", "0 GET /old-items", "1 GET /api/items"])
    let recording = try #require(events.recordings.last)
    #expect(recording.contains("# redirect 1: GET /old-items -> 301 Moved Permanently, followed to GET /api/items"))
  }

  @Test("a status expectation says what was expected and what came, with or without a reason")
  func statusResults() throws {
    let events = try run(
      "load demo\nGET /api/items\nexpect status 200\nexpect status 200 OK\nexpect status 200 Fine\nexpect status 404",
      file: "s.gws")
    let results = events.expectations
    #expect(results.map(\.passed) == [true, true, false, false])
    #expect(results.map(\.expected) == ["200", "200 OK", "200 Fine", "404"])
    #expect(results.allSatisfy { $0.actual == "200 OK" && $0.diff.isEmpty })
    #expect(
      results.map(\.statement) == [
        "expect status 200", "expect status 200 OK", "expect status 200 Fine", "expect status 404",
      ])
    #expect(results.map(\.location) == (3...6).map { SourceLocation(file: "s.gws", line: $0) })
    // Codes outside 100...999 still say what they were written as, in `String(code)`'s words.
    let odd = try run("load demo\nGET /api/items\nexpect status 007\nexpect status 099\nexpect status 999").expectations
    #expect(odd.map(\.expected) == ["7", "99", "999"])
  }

  @Test("Set-Cookie is stored whatever the case of its name; other headers are not cookies")
  func setCookieCase() throws {
    let setter = BuiltinApps.Entry(
      name: "setter", summary: "",
      app: ClosureApplication { environ, startResponse in
        try startResponse(
          "200 OK",
          [("SET-COOKIE", "a=1"), ("set-cookie", "b=2; Path=/"), ("Set-Cookiex", "c=3"), ("X-Set-Cookie", "d=4")])
        return ChunkedBody.empty
      })
    let engine = SessionEngine(loader: AppLoader(builtins: [setter]))
    let events = try run("load setter\nGET /\nGET /again", engine: engine)
    #expect(events.dispatches.last?.request.headers.first(named: "Cookie") == "a=1; b=2")

    // A name that only Unicode lowercasing makes Set-Cookie (a Kelvin sign for its k) is
    // stored exactly when the gateway's own header lookup finds it under that name.
    let kelvin = BuiltinApps.Entry(
      name: "kelvin", summary: "",
      app: ClosureApplication { _, startResponse in
        try startResponse("200 OK", [("Set-Coo\u{212A}ie", "k=1")])
        return ChunkedBody.empty
      })
    let other = SessionEngine(loader: AppLoader(builtins: [kelvin]))
    let first = try run("load kelvin\nGET /", engine: other)
    let found = first.dispatches.last?.exchange.headers.values(named: "Set-Cookie") == ["k=1"]
    let sent = try run("GET /again", engine: other).dispatches.last?.request.headers.first(named: "Cookie")
    #expect(sent == (found ? "k=1" : nil))
  }

  @Test("a cookie whose Expires date has passed is not kept, in each date format servers write; Max-Age wins")
  func expiredCookies() throws {
    let setter = BuiltinApps.Entry(
      name: "setter", summary: "",
      app: ClosureApplication { environ, startResponse in
        let cookies: [(String, String)] =
          environ.string("PATH_INFO") == "/logout"
          ? [("Set-Cookie", "session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/")]
          : [
            ("Set-Cookie", "session=abc; Path=/"),
            ("Set-Cookie", "old=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT"),
            ("Set-Cookie", "rfc850=1; Expires=Wednesday, 09-Jun-99 10:18:14 GMT"),
            ("Set-Cookie", "future=1; Expires=Wed, 09 Jun 2100 10:18:14 GMT"),
            ("Set-Cookie", "asctime=1; expires=Wed Jun  9 10:18:14 2100"),
            ("Set-Cookie", "maxage=1; Max-Age=600; Expires=Thu, 01 Jan 1970 00:00:00 GMT"),
            ("Set-Cookie", "unreadable=1; Expires=someday"),
          ]
        try startResponse("200 OK", cookies)
        return ChunkedBody.empty
      })
    let engine = SessionEngine(loader: AppLoader(builtins: [setter]))
    let events = try run("load setter\nGET /login\nGET /again\nGET /logout\nGET /after", engine: engine)
    let sent = events.dispatches.map { $0.request.headers.first(named: "Cookie") }
    #expect(sent[1] == "session=abc; future=1; asctime=1; maxage=1; unreadable=1")
    #expect(sent[3] == "future=1; asctime=1; maxage=1; unreadable=1")
  }

  @Test("a redirect that cannot be routed fails its request line with one error; the hops before it are not reported")
  func unroutableRedirect() throws {
    let away = BuiltinApps.Entry(
      name: "away", summary: "",
      app: ClosureApplication { _, startResponse in
        try startResponse("302 Found", [("Location", "/elsewhere")])
        return ChunkedBody.empty
      })
    let engine = SessionEngine(loader: AppLoader(builtins: [away]))
    #expect(try run("load away at /a\nfollow on", engine: engine).errors.isEmpty)
    let events = engine.execute(line: "GET /a/x")
    #expect(events.count == 1)
    guard case .error(.noApp(let context))? = events.first else {
      Issue.record("expected one noApp error, got \(events)")
      return
    }
    #expect(context.location.line == 1)
  }

  @Test("a Ctrl-C after a request's last gateway call ends repeat before the next request; the next statement runs")
  func repeatStopsOnLateInterrupt() throws {
    // The flag set from the body's close(), after the dispatch's last check: as a Ctrl-C that comes
    // between two requests of a repeat. It used to be cleared by the next dispatch, and the repeat went on.
    let engine = Self.engineInterruptedAfterEachRequest()
    let events = try run("load late\nrepeat 5 GET /", engine: engine)
    let summary = events.compactMap { if case .message(let text) = $0 { text } else { nil } }.last ?? ""
    #expect(summary.hasPrefix("1 requests (stopped by Ctrl-C after 1 of 5)"), "\(summary)")
    // The flag is the statement's: the next one starts clear, and its request completes.
    let next = try run("GET /", engine: engine)
    #expect(next.dispatches.first?.exchange.outcome == .completed)
  }

  @Test("a Ctrl-C during a sourced file stops the rest of the file, and says so")
  func sourceStopsOnInterrupt() throws {
    let engine = Self.engineInterruptedAfterEachRequest()
    let folder = TemporaryFolder(prefix: "gwsh-source-interrupted")
    defer { folder.remove() }
    let file = folder.write("three.gws", "GET /one\nGET /two\nGET /three\n")
    let events = try run("load late\nsource \(file)", engine: engine)
    #expect(events.dispatches.map(\.request.target) == ["/one"])
    #expect(events.contains { if case .message(let text) = $0 { text.contains("stopped by Ctrl-C") } else { false } })
  }

  /// An engine with the app `late`, whose body's close() sets the engine's cancellation flag: a
  /// Ctrl-C that comes after each request's last gateway call.
  static func engineInterruptedAfterEachRequest() -> SessionEngine {
    let flag = CancellationFlag()
    let late = BuiltinApps.Entry(
      name: "late", summary: "",
      app: ClosureApplication { _, startResponse in
        try startResponse("200 OK", [("Content-Type", "text/plain")])
        return CancelsOnClose(flag: flag)
      })
    let engine = SessionEngine(loader: AppLoader(builtins: [late]))
    engine.limits.cancellation = flag
    return engine
  }

  @Test("a redirect loop stops after ten hops")
  func redirectLimit() throws {
    let loop = BuiltinApps.Entry(
      name: "loop", summary: "",
      app: ClosureApplication { environ, startResponse in
        try startResponse("302 Found", [("Location", environ.string("PATH_INFO") ?? "/")])
        return ChunkedBody.empty
      })
    let engine = SessionEngine(loader: AppLoader(builtins: [loop]))
    let events = try run("load loop\nfollow on\nGET /again", engine: engine)
    #expect(events.dispatches.count == 11)
    #expect(events.contains { if case .message(let text) = $0 { text.contains("after 10 hops") } else { false } })
  }

  /// An engine with the app `moves`, which redirects `…/to?LOCATION` to that location and echoes
  /// any other request's scheme, host, path and query as its body.
  static func engineWithRedirects() -> SessionEngine {
    let moves = BuiltinApps.Entry(
      name: "moves", summary: "",
      app: ClosureApplication { environ, startResponse in
        let path = environ.string("PATH_INFO") ?? ""
        let query = environ.string("QUERY_STRING") ?? ""
        // `page=…` is a page's query, not a Location: `/a/to?page=2` is the page a `?page=2` redirect leads to.
        if path.hasSuffix("/to"), !query.hasPrefix("page=") {
          try startResponse("302 Found", [("Location", query.removingPercentEncoding ?? query)])
          return ChunkedBody.empty
        }
        try startResponse("200 OK", [("Content-Type", "text/plain")])
        let seen = [environ.string("wsgi.url_scheme"), environ.string("HTTP_HOST"), path, query]
        return ChunkedBody([Array(seen.map { $0 ?? "-" }.joined(separator: " ").utf8)])
      })
    return SessionEngine(loader: AppLoader(builtins: [moves]))
  }

  @Test(
    "follow on resolves a Location against the URL the request went to, as a browser does",
    arguments: [
      ("/a/b/to?next", "http 127.0.0.1 /a/b/next "),
      ("/a/b/to?../up%3Fx=1", "http 127.0.0.1 /a/up x=1"),
      ("/a/to?%3Fpage=2", "http 127.0.0.1 /a/to page=2"),
      ("https://shop.example/a/to?/home", "https shop.example /home "),
      ("https://shop.example/a/to?next", "https shop.example /a/next "),
      ("https://shop.example/to?//shop.example/x", "https shop.example /x "),
      ("/to?http://127.0.0.1:5000/login", "http 127.0.0.1:5000 /login "),
      ("/to?https://127.0.0.1/secure", "https 127.0.0.1 /secure "),
    ])
  func redirectsResolved(target: String, seen: String) throws {
    let events = try run("load moves\nfollow on\nGET \(target)", engine: Self.engineWithRedirects())
    #expect(events.errors.isEmpty)
    #expect(events.dispatches.count == 2)
    #expect(String(decoding: events.dispatches.last?.exchange.body.head ?? [], as: UTF8.self) == seen)
  }

  @Test("follow on does not send a redirect to another host to the local app, and says how to")
  func redirectsElsewhereNotFollowed() throws {
    for (target, url, reason) in [
      (
        "/to?https://accounts.example.com/login", "https://accounts.example.com/login",
        "leaves 127.0.0.1 for accounts.example.com"
      ),
      ("https://shop.example/to?//cdn.example/x", "https://cdn.example/x", "leaves shop.example for cdn.example"),
      ("/to?mailto:help@shop.example", "mailto:help@shop.example", "not an http or https URL"),
    ] {
      let events = try run(
        "load moves\nfollow on\nGET \(target)\nexpect status 302", engine: Self.engineWithRedirects())
      #expect(events.dispatches.count == 1, "\(target)")
      #expect(events.expectations.map(\.passed) == [true])
      let notes = events.compactMap { if case .message(let text) = $0 { text } else { nil } }
      #expect(
        notes.contains {
          $0.contains("the redirect to \(url) was not followed") && $0.contains(reason) && $0.hasSuffix("GET \(url)")
        },
        "\(notes)")
    }
  }

  /// The app `counting`: `/count` answers a one-line JSON document whose count goes up on each
  /// request; any other path answers the same document with a count of 0.
  static func countingApp() -> BuiltinApps.Entry {
    let counter = Mutex(0)
    return BuiltinApps.Entry(
      name: "counting", summary: "",
      app: ClosureApplication { environ, startResponse in
        let counts = environ.string("PATH_INFO") == "/count"
        let count =
          counts
          ? counter.withLock {
            $0 += 1
            return $0
          } : 0
        try startResponse("200 OK", [("Content-Type", "application/json")])
        let items = (1...4).map { "{\"id\":\($0),\"name\":\"item \($0)\"}" }.joined(separator: ",")
        return ChunkedBody([Array("{\"count\":\(count),\"items\":[\(items)]}".utf8)])
      })
  }

  @Test("show diff compares the last answer with the one before to the same request, JSON a value a line")
  func showDiff() throws {
    let engine = SessionEngine(loader: AppLoader(builtins: [Self.countingApp()]))
    let events = try run(
      "load counting\nGET /count\nshow diff\nGET /same\nGET /count\nshow diff\nGET /same\nshow diff", engine: engine)
    let shown = events.compactMap { if case .show(.diff(let comparison)) = $0 { comparison } else { nil } }
    try #require(shown.count == 3)
    #expect(shown[0].request == "GET /count" && shown[0].answersAgo == nil && shown[0].diff.isEmpty)
    #expect(shown[1].request == "GET /count")
    #expect(shown[1].answersAgo == 2)
    // The one-line document laid out a value a line: the changed value is the line that differs.
    #expect(
      shown[1].diff.filter { $0.hasPrefix("-") || $0.hasPrefix("+") } == [
        "--- the answer before", "+++ the last answer", "-  \"count\": 1,", "+  \"count\": 2,",
      ])
    #expect(shown[2].request == "GET /same" && shown[2].answersAgo == 2 && shown[2].diff.isEmpty)
    // Before any response, it says there is none.
    let fresh = SessionEngine(loader: AppLoader(builtins: [Self.countingApp()]))
    #expect(try run("load counting\nshow diff", engine: fresh).errors.count == 1)
  }

  @Test("at the prompt, a request sent again whose answer changed says so, pointing at show diff")
  func changedAnswerNoted() throws {
    let engine = SessionEngine(loader: AppLoader(builtins: [Self.countingApp()]))
    engine.notesChangedAnswers = true
    let events = try run("load counting\nGET /count\nGET /same\nGET /same\nGET /count", engine: engine)
    let notes = events.compactMap {
      if case .message(let text) = $0, text.hasPrefix("the answer") { text } else { nil }
    }
    #expect(notes == ["the answer changed since GET /count was last sent (3 answers ago): 'show diff' shows how"])
    // Off (a pipe, a replay): nothing is said.
    let quiet = SessionEngine(loader: AppLoader(builtins: [Self.countingApp()]))
    let piped = try run("load counting\nGET /count\nGET /count", engine: quiet)
    #expect(!piped.contains { if case .message(let text) = $0 { text.hasPrefix("the answer") } else { false } })
  }

  @Test("a here-document form body says it ends in a line feed, which the form's last value keeps")
  func formBodyLineFeed() throws {
    let events = try run(
      "load echo\nbody <<END\nuser=ada&next=/groups/\nEND\nbody chomp <<END\nuser=ada\nEND\nbody <<END\n{\"a\": 1}\nEND"
    )
    let notes = events.compactMap { if case .message(let text) = $0, text.hasPrefix("the body") { text } else { nil } }
    #expect(
      notes == [
        "the body is set for the following requests; it ends in a line feed, which a form's last value keeps"
          + " ('body chomp <<END' drops it)",
        "the body is set for the following requests", "the body is set for the following requests",
      ])
  }

  @Test("a request goes to the app mounted at the longest prefix, else to the current one")
  func mounts() throws {
    let events = try run(
      """
      load demo
      load echo at /echo
      GET /echo/deep?x=1
      expect json $.environ.SCRIPT_NAME == "/echo"
      expect json $.environ.PATH_INFO == "/deep"
      GET /api/items/1
      expect json $.name == "teapot"
      """)
    #expect(events.expectations.map(\.passed) == [true, true, true])
    #expect(events.dispatches.map(\.appName) == ["echo", "demo"])
  }

  @Test("loading another app under a name in use says which it replaced; loading the same spec again does not")
  func loadReplacingNamed() throws {
    let events = try run(
      """
      load demo as shop
      load echo as shop
      load echo as shop
      GET /x
      """)
    let notes = events.compactMap { if case .message(let text) = $0 { text } else { nil } }
    #expect(notes == ["it replaces the shop loaded before (demo); 'load SPEC as NAME' keeps both"])
    #expect(events.dispatches.map(\.appName) == ["shop"])
    // A Python app loaded again gets a new worker: its state starts afresh, and that is said.
    let folder = TemporaryFolder(prefix: "gwsh-session-tests")
    defer { folder.remove() }
    folder.write(
      "counter.py", "def app(environ, start_response):\n    start_response('200 OK', [])\n    return [b'']\n")
    let python = SessionEngine(loader: AppLoader(options: LoadOptions(workingDirectory: folder.path)))
    let again = try run("load python:counter:app\nload python:counter:app\n", engine: python)
    #expect(
      again.compactMap { if case .message(let text) = $0 { text } else { nil } } == [
        "a new worker imported it again: what the app held in memory starts afresh"
      ])
  }

  @Test("after a request line that failed, expect and capture say so instead of reading the response before it")
  func expectAfterFailedRequest() throws {
    let engine = SessionEngine()
    let events = [
      "load echo", "GET /first", "GET /second?g={{nope}}", "expect status 200", "GET /third", "expect status 200",
    ]
    .flatMap { engine.execute(line: $0) }
    #expect(
      events.errors.map(\.message) == [
        "the variable 'nope' is not defined; define it with 'let nope VALUE', '--var nope=VALUE' or a capture",
        "the last request line failed, so there is no response to look at; the one before it is not this one",
      ])
    #expect(events.expectations.map(\.passed) == [true])
  }

  @Test("headers, raw entries and the body persist between requests until reset")
  func draft() throws {
    let events = try run(
      """
      load echo
      let who alice
      header X-User: {{who}}
      set REMOTE_USER {{who}}
      set wsgi.multithread true
      set wsgi.version (1, 1)
      body hello
      POST /
      expect json $.environ.HTTP_X_USER == "alice"
      expect json $.environ.REMOTE_USER == "alice"
      expect json $.wsgi['wsgi.multithread'] == true
      expect json $.wsgi['wsgi.version'] == [1, 1]
      expect json $.body == "hello"
      send
      expect json $.environ.HTTP_X_USER == "alice"
      reset
      send
      expect json $.environ.HTTP_X_USER absent
      expect json $.body_length == 0
      """)
    #expect(events.errors.isEmpty)
    #expect(events.expectations.map(\.passed) == Array(repeating: true, count: 8))
  }

  @Test("{{env.NAME}} reads the process environment; an unset one is an error naming it")
  func environmentVariables() throws {
    let path = try #require(ProcessInfo.processInfo.environment["PATH"])
    let events = try run("load echo\nheader X-Path: {{env.PATH}}\nGET /\ncapture seen json $.environ.HTTP_X_PATH")
    #expect(events.contains { if case .captured("seen", path) = $0 { true } else { false } })
    let unset = try run("let x {{env.GWSH_SURELY_UNSET_VARIABLE}}")
    #expect(unset.errors.first?.message == "the environment variable GWSH_SURELY_UNSET_VARIABLE is not set")
  }

  @Test("show env is the environ the next request gets, raw entries applied")
  func showEnviron() throws {
    let events = try run("load demo\nset REMOTE_USER alice\nunset HTTP_HOST\nGET /api/items?limit=1\nshow env")
    guard case .show(.environ(let environ))? = events.last else {
      Issue.record("got \(String(describing: events.last))")
      return
    }
    #expect(environ.string("REMOTE_USER") == "alice")
    #expect(environ["HTTP_HOST"] == nil)
    #expect(environ.string("QUERY_STRING") == "limit=1")
  }

  @Test("a statement that fails changes nothing and says why, naming the line")
  func runtimeErrors() throws {
    let engine = SessionEngine()
    let noApp = try run("GET /", engine: engine)
    #expect(noApp.errors.first?.message == "no app is loaded; load one first, such as 'load demo'")
    let undefined = try run(
      "load echo\nheader X-Token: {{token}}\nGET /\nexpect json $.environ.HTTP_X_TOKEN absent", engine: engine)
    #expect(undefined.errors.first?.context.location.line == 2)
    #expect(undefined.errors.first?.message.contains("'token' is not defined") == true)
    #expect(undefined.expectations.map(\.passed) == [true])
    let unknown = try run("load nosuchapp", engine: engine)
    #expect(unknown.errors.first?.message.hasPrefix("could not load 'nosuchapp': There is no built-in app") == true)
    #expect(engine.currentAppName == "echo")
  }

  @Test("a body file is streamed to the app, and a failed expectation of a text body carries a diff")
  func bodyFileAndDiff() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try "name=tea&size=2\n".write(toFile: directory + "/form.txt", atomically: true, encoding: .utf8)
    let engine = SessionEngine()
    let statements = try SessionParser.parse(
      "load echo\nbody @form.txt\nPOST /\nexpect json $.body == \"name=tea&size=2\\n\"\nload demo\nGET /stream?count=2\nexpect body <<END\ntick 1 of 2\ntick 9 of 2\nEND",
      file: directory + "/s.gws", directory: directory)
    let events = statements.flatMap { engine.execute($0) }
    #expect(events.errors.isEmpty)
    #expect(events.expectations.map(\.passed) == [true, false])
    #expect(
      events.expectations.last?.diff == [
        "--- expected", "+++ actual", "@@ -1,2 +1,2 @@", " tick 1 of 2", "-tick 9 of 2", "+tick 2 of 2",
      ])
  }

  @Test("help explains every command with an example, and show returns what was asked")
  func helpAndShow() throws {
    for name in SessionParser.commandNames {
      let text = CommandHelp.text(for: name)
      #expect(text.contains("Example:"), "help \(name)")
    }
    #expect(CommandHelp.text(for: "GET").contains("METHOD /path?query"))
    #expect(CommandHelp.text(for: "hedaer").contains("Did you mean header?"))
    let events = try run("load demo\nheader Accept: text/html\nshow request")
    guard case .show(.request(let preview))? = events.last else {
      Issue.record("got \(String(describing: events.last))")
      return
    }
    #expect(preview.headers.first(named: "Accept") == "text/html")
    #expect(preview.appName == "demo")
  }

  @Test(
    "a load that fails says the same at the prompt and in a file gwsh run replays: an unknown name, a bad spec, a missing module",
    arguments: [
      ("nosuch", "could not load 'nosuch': There is no built-in app named 'nosuch'; the built-in apps are demo, echo"),
      (
        "python:",
        "could not load 'python:': The app spec 'python:' names the module '', which is not a dotted Python name"
      ),
      (
        "python:gwsh_no_such_module",
        "could not load 'python:gwsh_no_such_module': Loading python:gwsh_no_such_module:application failed in Python"
      ),
    ])
  func oneLoadError(spec: String, expected: String) throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let typed = try #require(SessionEngine().execute(line: "load \(spec)").errors.first?.message)
    #expect(typed.hasPrefix(expected), "\(typed)")
    try "load \(spec)\n".write(toFile: directory + "/load.gws", atomically: true, encoding: .utf8)
    var printed: [String] = []
    let report = SessionRunner().run([directory + "/load.gws"]) { printed.append($0) }
    #expect(report.exitCode == 2)
    #expect(printed.joined(separator: "\n").contains("load.gws:1:1: error: " + typed), "\(printed)")
  }
}

/// A one-chunk body whose close() sets `flag`: a Ctrl-C that comes after the dispatch's last check.
private struct CancelsOnClose: ResponseBody {
  let flag: CancellationFlag
  var sent = false

  mutating func next() throws -> [UInt8]? {
    defer { sent = true }
    return sent ? nil : Array("late\n".utf8)
  }

  func close() throws { flag.cancel() }
}
