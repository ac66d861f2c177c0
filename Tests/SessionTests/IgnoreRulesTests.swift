import Foundation
import Gateway
import JSON
import Session
import TestSupport
import Testing

@Suite("ignore json, ignore body and ignore errors: values that change on every run")
struct IgnoreRulesTests {
  /// Runs `gwsh ARGUMENTS` in `folder`, with its state (the journal) kept there too.
  func gwsh(_ arguments: [String], input: String = "", in folder: String) throws -> ChildProgram.Result {
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_STATE_HOME"] = folder + "/state"
    return try ChildProgram.run(
      SystemTools.gwshExecutable, arguments, input: Data(input.utf8), environment: environment,
      currentDirectory: folder)
  }

  @Test(
    "a Django admin login saved at the prompt (a CSRF token in the HTML, csrftoken and session cookies, a timestamped log line) replays green twice, and --update leaves the file as it was"
  )
  func djangoAdminLogin() throws {
    let folder = TemporaryFolder(prefix: "gwsh-django")
    defer { folder.remove() }
    var environment = ProcessInfo.processInfo.environment
    environment["DJANGO_SUPERUSER_PASSWORD"] = "secretpw"
    for arguments in [
      ["-m", "django", "startproject", "mysite", folder.path],
      ["manage.py", "migrate", "-v0"],
      ["manage.py", "createsuperuser", "--noinput", "--username", "admin", "--email", "admin@example.org"],
    ] {
      let step = try ChildProgram.run(
        "/usr/bin/env", ["python3"] + arguments, environment: environment, currentDirectory: folder.path)
      try #require(step.status == 0, "python3 \(arguments): \(step.standardErrorText)")
    }
    // An access log written to wsgi.errors, as WSGI logging middleware does: a timestamp on every line.
    let wsgi = try String(contentsOfFile: folder.path + "/mysite/wsgi.py", encoding: .utf8)
    folder.write(
      "mysite/wsgi.py",
      wsgi + """

        import time
        _django = application

        def application(environ, start_response):
            stamp = time.strftime("%Y-%m-%d %H:%M:%S") + ".%06d" % (time.time() % 1 * 1e6)
            environ["wsgi.errors"].write("%s %s %s\\n" % (stamp, environ["REQUEST_METHOD"], environ["PATH_INFO"]))
            return _django(environ, start_response)

        """)
    let typed = """
      load python:mysite.wsgi:application
      ignore body ~ name="csrfmiddlewaretoken" value="([^"]+)"
      ignore errors ~ ^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+
      GET /admin/login/?next=/admin/
      capture csrf body ~ name="csrfmiddlewaretoken" value="([^"]+)"
      header Content-Type: application/x-www-form-urlencoded
      body csrfmiddlewaretoken={{csrf}}&username=admin&password=secretpw&next=/admin/
      POST /admin/login/?next=/admin/
      expect status 302
      body
      unheader Content-Type
      GET /admin/
      expect body ~ Site administration
      save login.gws

      """
    let recorded = try gwsh([], input: typed, in: folder.path)
    #expect(recorded.status == 0, "\(recorded.standardOutputText)\(recorded.standardErrorText)")
    let saved = try String(contentsOfFile: folder.path + "/login.gws", encoding: .utf8)
    #expect(saved.contains("name=\"csrfmiddlewaretoken\" value=\"<ignored>\""))
    #expect(!saved.contains(#/name="csrfmiddlewaretoken" value="[A-Za-z0-9]{20,}"/#))
    #expect(saved.contains("<ignored> GET /admin/\n"))
    // The journal records the same way.
    let journals = folder.path + "/state/gwsh/journal"
    let journal = try #require(try FileManager.default.contentsOfDirectory(atPath: journals).first)
    let journaled = try String(contentsOfFile: journals + "/" + journal, encoding: .utf8)
    #expect(journaled.contains("name=\"csrfmiddlewaretoken\" value=\"<ignored>\""))
    #expect(!journaled.contains(#/name="csrfmiddlewaretoken" value="[A-Za-z0-9]{20,}"/#))
    for run in 1...2 {
      let replay = try gwsh(["run", "login.gws"], in: folder.path)
      #expect(replay.status == 0, "replay \(run): \(replay.standardOutputText)")
      #expect(replay.standardOutputText.hasSuffix(" passed, 0 failed\n"), "replay \(run)")
    }
    let update = try gwsh(["run", "--update", "login.gws"], in: folder.path)
    #expect(update.status == 0, "\(update.standardOutputText)")
    #expect(try String(contentsOfFile: folder.path + "/login.gws", encoding: .utf8) == saved)
  }

  @Test("ignore json leaves a node's value out of the recorded body and out of expect body and expect json")
  func ignoreJSON() throws {
    let engine = SessionEngine()
    let events = try run(
      """
      load echo
      ignore json $.environ.HTTP_X_REQUEST
      header X-Request: first
      GET /orders
      """, engine: engine)
    let recording = try #require(events.recordings.last).joined(separator: "\n")
    #expect(recording.contains("\"HTTP_X_REQUEST\": \"<ignored>\""))
    #expect(!recording.contains("first"))
    #expect(recording.contains("expect header Content-Length present"))
    // The environ as this run got it, but with another value for the ignored node.
    let sent = try JSONValue(parsing: try #require(engine.lastExchange).body.head)
    let environ = try #require(sent["environ"]).compactText.replacing("\"first\"", with: "\"anything\"")
    // The recorded block, replayed against a request whose value differs, holds; other changes still fail.
    let replay = try run(
      "load echo\nignore json $.environ.HTTP_X_REQUEST\nheader X-Request: second, and longer\nGET /orders\n"
        + recording
          + """

          expect json $.environ == \(environ)
          expect json $.environ.HTTP_X_REQUEST == "anything"
          GET /other
          \(recording)
          """)
    #expect(replay.errors.isEmpty)
    let results = replay.expectations
    let bodyResults = results.filter { $0.statement.hasPrefix("expect body") }
    #expect(bodyResults.map(\.passed) == [true, false])
    #expect(bodyResults.last?.diff.contains("-    \"PATH_INFO\": \"/orders\",") == true)
    // A check of a whole object leaves the ignored node in it out; a check that names the node still checks it.
    #expect(results.first { $0.statement.hasPrefix("expect json $.environ ==") }?.passed == true)
    #expect(results.first { $0.statement == "expect json $.environ.HTTP_X_REQUEST == \"anything\"" }?.passed == false)
  }

  @Test("ignore body and ignore errors mask each match (its first group) in recordings and comparisons")
  func ignoreBodyAndErrors() throws {
    let recorded = try run(
      """
      load echo
      ignore body ~ "HTTP_X_TOKEN": "([^"]+)"
      ignore errors ~ never matches
      header X-Token: abc123
      GET /
      expect body ~ abc123
      """)
    let recording = try #require(recorded.recordings.last).joined(separator: "\n")
    #expect(recording.contains("\"HTTP_X_TOKEN\": \"<ignored>\""))
    #expect(recorded.expectations.map(\.passed) == [true], "a regex check sees the body as sent")
    let replay = try run(
      "load echo\nignore body ~ \"HTTP_X_TOKEN\": \"([^\"]+)\"\nheader X-Token: zzz999\nGET /\n" + recording)
    #expect(replay.errors.isEmpty)
    let failed = replay.expectations.filter { !$0.passed }
    #expect(failed.isEmpty, "\(failed)")
    let errors = try run(
      """
      load demo
      ignore errors ~ order (\\d+)
      GET /fail
      expect errors <<END
      demo: about to look up an order that does not exist
      gwsh: the application raised: DemoError: order 7 does not exist
      END
      """)
    #expect(errors.expectations.map(\.passed) == [true])
  }

  @Test("an ignore rule that does not parse is an error at its column, and nothing runs")
  func ignoreParseErrors() {
    #expect(throws: SessionError.self) { try SessionParser.parse("ignore body Traceback") }
    do {
      _ = try SessionParser.parse("ignore json $.a[")
      Issue.record("parsed")
    } catch {
      #expect(error.context.location.column == 17)
    }
    do {
      _ = try SessionParser.parse("ignore haeder Date")
      Issue.record("parsed")
    } catch {
      #expect(error.message.hasSuffix("but found 'haeder'; did you mean ignore header?"))
      #expect(error.context.location.column == 8)
    }
  }
}
