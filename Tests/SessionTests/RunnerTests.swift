import AppLoaders
import Foundation
import Gateway
import GatewayApps
import Session
import TestSupport
import Testing

@Suite("Running files")
struct RunnerTests {
  @Test("source runs another file's lines in the same session, relative to the file, and variables carry over")
  func source() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try FileManager.default.createDirectory(atPath: directory + "/common", withIntermediateDirectories: true)
    try "load demo\nbody user={{name}}&password=tea\nPOST /login\ncapture who json $.user\nbody\n"
      .write(toFile: directory + "/common/login.gws", atomically: true, encoding: .utf8)
    try "let name carol\nsource common/login.gws\nGET /me\nexpect json $.user == \"{{who}}\"\n"
      .write(toFile: directory + "/main.gws", atomically: true, encoding: .utf8)
    var output: [String] = []
    let report = SessionRunner().run([directory + "/main.gws"]) { output.append($0) }
    #expect(report.exitCode == 0, "\(output)")
    #expect(report.passed == 1)
    #expect(report.cases.map(\.name) == ["POST /login (\(directory)/common/login.gws:3)", "GET /me (line 3)"])

    // Saved at the prompt, the source line is kept and its responses are not recorded after it.
    let engine = SessionEngine()
    for line in ["let name carol", "source \(directory)/common/login.gws", "GET /me", "save \(directory)/saved.gws"] {
      #expect(engine.execute(line: line).errors.isEmpty, "\(line)")
    }
    let saved = try String(contentsOfFile: directory + "/saved.gws", encoding: .utf8)
    #expect(saved.contains("source \(directory)/common/login.gws\nGET /me\n# recorded response"))
    #expect(SessionRunner().run([directory + "/saved.gws"]) { _ in }.exitCode == 0)
  }

  @Test("save in a run file, or in a file it sources, writes what a session that kept every statement writes")
  func saveFromRunFile() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try "save \(directory)/from-inner.gws\n".write(toFile: directory + "/inner.gws", atomically: true, encoding: .utf8)
    let outer = directory + "/outer.gws"
    let lines = [
      "load demo", "header Accept: text/plain", "GET /", "expect status 200", "source inner.gws", "GET /api/items",
      "save \(directory)/from-outer.gws",
    ]
    try lines.map { $0 + "\n" }.joined().write(toFile: outer, atomically: true, encoding: .utf8)
    let saved = [directory + "/from-inner.gws", directory + "/from-outer.gws"]
    var output: [String] = []
    #expect(SessionRunner().run([outer]) { output.append($0) }.exitCode == 0, "\(output)")
    let byRunner = try saved.map { try String(contentsOfFile: $0, encoding: .utf8) }
    #expect(byRunner[0].contains("load demo\nheader Accept: text/plain\nGET /\nexpect status 200\n"))
    #expect(byRunner[1].contains("source inner.gws\nGET /api/items\n"))

    // The same statements through the public engine, which always keeps its transcript.
    for path in saved { try FileManager.default.removeItem(atPath: path) }
    let engine = SessionEngine()
    engine.recordsResponses = false
    for statement in try SessionParser.parseFile(outer) { #expect(engine.execute(statement).errors.isEmpty) }
    #expect(try saved.map { try String(contentsOfFile: $0, encoding: .utf8) } == byRunner)
  }

  @Test("the runner counts events as they come, as a count of the public engine's event lists says")
  func runnerMatchesEvents() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try "GET /api/items/1\nexpect status 201\nexpect json $.name == \"teapot\"\n"
      .write(toFile: directory + "/inner.gws", atomically: true, encoding: .utf8)
    let file = directory + "/main.gws"
    let lines = [
      "load demo", "GET /api/items", "expect status 200", "expect status 404", "follow on", "GET /old-items",
      "expect status 200", "expect json $.count == 5", "source inner.gws", "GET /api/items",
      "capture x header X-Nope", "GET /never", "expect status 200",
    ]
    try lines.map { $0 + "\n" }.joined().write(toFile: file, atomically: true, encoding: .utf8)
    var output: [String] = []
    let report = SessionRunner().run([file]) { output.append($0) }

    // The same statements through the public engine, counted from its event lists.
    let engine = SessionEngine()
    engine.recordsResponses = false
    var expected: [(name: String, passed: Int, failures: [String], error: String?)] = []
    var printed: [String] = []
    var passed = 0
    var failed = 0
    statements: for statement in try SessionParser.parseFile(file) {
      for event in engine.execute(statement) {
        switch event {
        case .dispatched(let record) where record.hop == 0:
          let place =
            record.location.file == file
            ? "line \(record.location.line)" : "\(record.location.file):\(record.location.line)"
          expected.append(("\(record.request.method) \(record.request.target) (\(place))", 0, [], nil))
        case .expectation(let result) where result.passed:
          passed += 1
          expected[expected.count - 1].passed += 1
        case .expectation(let result):
          failed += 1
          printed.append(SessionRunner.describe(result))
          expected[expected.count - 1].failures.append(SessionRunner.describe(result))
        case .error(let error):
          failed += 1
          printed.append(error.description)
          expected[expected.count - 1].error = error.description
          break statements
        default:
          break
        }
      }
    }
    #expect(report.passed == passed && report.failed == failed && report.exitCode == 1)
    #expect(report.cases.map(\.name) == expected.map(\.name))
    #expect(report.cases.map(\.passed) == expected.map(\.passed))
    #expect(report.cases.map(\.failures) == expected.map(\.failures))
    #expect(report.cases.map(\.error) == expected.map(\.error))
    #expect(report.cases.allSatisfy { $0.time > .zero })
    #expect(output == printed + ["\(passed) passed, \(failed) failed"])
    // The runs differ in what they saw, not in how many: three requests, a redirect hop, a stop at the capture.
    #expect(expected.count == 4 && failed == 3)
  }

  @Test("a failure inside a sourced file names that file and line, and stops there")
  func sourcedFailure() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try "load demo\ncapture x header X-Nope\nGET /never\n"
      .write(toFile: directory + "/inner.gws", atomically: true, encoding: .utf8)
    try "load demo\nGET /\nsource inner.gws\nGET /after\n"
      .write(toFile: directory + "/outer.gws", atomically: true, encoding: .utf8)
    var output: [String] = []
    let report = SessionRunner().run([directory + "/outer.gws"]) { output.append($0) }
    #expect(report.exitCode == 1)
    #expect(output.first?.hasPrefix("\(directory)/inner.gws:2:1: error: could not capture 'x'") == true)
    #expect(report.cases.map(\.name) == ["GET / (line 2)"])
  }

  @Test("what an app sends is printed with its control characters escaped")
  func escapesControls() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let hostile = BuiltinApps.Entry(
      name: "hostile", summary: "",
      app: ClosureApplication { _, startResponse in
        try startResponse("200 OK", [("Content-Type", "text/plain"), ("X-Title", "\u{1b}]0;pwned\u{7}")])
        return ChunkedBody("clear \u{1b}[2J screen \u{202e}txt.exe\n")
      })
    try "load hostile\nGET /\nexpect body <<END\nsomething else\nEND\nexpect header X-Title: calm\n"
      .write(toFile: directory + "/h.gws", atomically: true, encoding: .utf8)
    var output: [String] = []
    let report = SessionRunner(loader: AppLoader(builtins: [hostile])).run([directory + "/h.gws"]) {
      output.append($0)
    }
    #expect(report.failed == 2)
    let text = output.joined(separator: "\n")
    #expect(!text.unicodeScalars.contains { $0 == "\u{1b}" || $0 == "\u{7}" || $0 == "\u{202e}" })
    #expect(text.contains(#"+clear \x1b[2J screen \u{202e}txt.exe"#))
    #expect(text.contains(#"actual:   X-Title: \x1b]0;pwned\x07"#))
  }

  @Test("a here-document body and a follow typed at the prompt are saved as typed and replay green")
  func savedHereDocument() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let engine = SessionEngine()
    for typed in [
      "load echo", "header Content-Type: application/json",
      "body <<END\n{\"item\": 1,\n \"note\": \"{{not a var}}\"}\nEND",
      "POST /orders", "load demo", "follow on", "GET /old-items", "save \(directory)/typed.gws",
    ] {
      #expect(engine.execute(line: typed).errors.isEmpty, "\(typed)")
    }
    let saved = try String(contentsOfFile: directory + "/typed.gws", encoding: .utf8)
    #expect(saved.contains("body <<END\n{\"item\": 1,\n \"note\": \"{{not a var}}\"}\nEND\nPOST /orders\n"))
    #expect(saved.contains("# redirect 1: GET /old-items -> 301 Moved Permanently, followed to GET /api/items"))
    var output: [String] = []
    let report = SessionRunner().run([directory + "/typed.gws"]) { output.append($0) }
    #expect(report.exitCode == 0, "\(output)")
  }

  @Test("with several files, each gets its own count before the closing line")
  func severalFiles() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try "load demo\nGET /\nexpect status 200\n".write(toFile: directory + "/a.gws", atomically: true, encoding: .utf8)
    try "load demo\nGET /\nexpect status 404\nexpect status 200\n"
      .write(toFile: directory + "/b.gws", atomically: true, encoding: .utf8)
    var output: [String] = []
    let report = SessionRunner().run([directory + "/a.gws", directory + "/b.gws"]) { output.append($0) }
    #expect(report.exitCode == 1)
    #expect(output.last == "2 passed, 1 failed")
    #expect(output.contains("\(directory)/a.gws: 1 passed, 0 failed"))
    #expect(output.contains("\(directory)/b.gws: 1 passed, 1 failed"))
  }

  @Test("--var defines variables, and an undefined one fails the file with its name")
  func variables() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/v.gws"
    try "load echo\nheader X-User: {{user}}\nGET /\nexpect json $.environ.HTTP_X_USER == \"{{user}}\"\n"
      .write(toFile: path, atomically: true, encoding: .utf8)
    #expect(SessionRunner(variables: ["user": "dave"]).run([path]) { _ in }.exitCode == 0)
    var output: [String] = []
    let report = SessionRunner().run([path]) { output.append($0) }
    #expect(report.exitCode == 1)
    #expect(output.first?.contains("v.gws:2:1: error: the variable 'user' is not defined") == true)
  }
}

extension RunnerTests {
  @Test("without a JUnit report, a run keeps the test cases that failed and counts the rest")
  func passingCasesAreCountedNotKept() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let lines = ["load echo"] + (1...50).map { "GET /n/\($0)\nexpect status \($0 == 25 ? 404 : 200)" }
    try (lines.joined(separator: "\n") + "\n").write(toFile: directory + "/long.gws", atomically: true, encoding: .utf8)
    var runner = SessionRunner()
    runner.keepsEveryCase = false
    let report = runner.run([directory + "/long.gws"]) { _ in }
    #expect(report.passed == 49)
    #expect(report.failed == 1)
    // The failed case, and the last request's, which is dropped when the next one starts.
    #expect(report.cases.map(\.name) == ["GET /n/25 (line 50)", "GET /n/50 (line 100)"])
    #expect(SessionRunner().run([directory + "/long.gws"]) { _ in }.cases.count == 50)
  }
}
