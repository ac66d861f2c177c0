import AppLoaders
import Foundation
import Gateway
import GatewayApps
import Session
import TestSupport
import Testing

/// A small shop in two versions: version 2 changes a price, a header and the binary logo.
struct VersionedShop {
  var version: Int

  /// A loader whose `shop` is this version.
  var loader: AppLoader {
    let version = self.version
    let app = ClosureApplication { environ, startResponse in
      let now = "\(ContinuousClock.now)"
      switch environ.string("PATH_INFO") ?? "/" {
      case "/items":
        let price = version == 1 ? 1800 : 1950
        try startResponse(
          "200 OK",
          [("Content-Type", "application/json"), ("X-Version", "\(version)"), ("Date", now), ("X-Request-Id", now)])
        return ChunkedBody(
          "{\n  \"count\": 2,\n  \"items\": [\n    {\"name\": \"teapot\", \"price\": \(price)},\n    {\"name\": \"mug\", \"price\": 650}\n  ]\n}\n"
        )
      case "/logo":
        try startResponse("200 OK", [("Content-Type", "image/x-icon")])
        return ChunkedBody([[0x00, 0x00, 0x01, 0x00, 0xFF, 0xFE, UInt8(version)]])
      default:
        try startResponse("404 Not Found", [("Content-Type", "text/plain")])
        return ChunkedBody("no such page\n")
      }
    }
    return AppLoader(builtins: BuiltinApps.all + [BuiltinApps.Entry(name: "shop", summary: "", app: app)])
  }
}

@Suite("Save, replay, and update")
struct ReplayTests {
  func runFile(_ path: String, version: Int, update: Bool = false) -> (report: RunReport, output: String) {
    var output: [String] = []
    let report = SessionRunner(loader: VersionedShop(version: version).loader, update: update).run([path]) {
      output.append($0)
    }
    return (report, output.joined(separator: "\n"))
  }

  @Test(
    "a saved session replays green against the same app, red with a diff against a changed one, green after --update")
  func saveReplayUpdate() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/shop.gws"
    let engine = SessionEngine(loader: VersionedShop(version: 1).loader)
    let typed = [
      "load shop", "header Accept: application/json", "GET /items", "show response", "GET /logo", "save \(path)",
    ]
    for line in typed {
      #expect(engine.execute(line: line).errors.isEmpty, "\(line)")
    }
    var saved = try String(contentsOfFile: path, encoding: .utf8)
    #expect(
      saved.contains("GET /items\n" + SessionRecording.marker + "\nignore header Date\nignore header X-Request-Id"))
    #expect(!saved.contains("show response"))
    // A user adds a comment and a hand-written check; --update must keep both.
    saved += "\n# the teapot stays first\nGET /items\nexpect json $.items[0].name == \"teapot\"\n"
    try saved.write(toFile: path, atomically: true, encoding: .utf8)

    let same = runFile(path, version: 1)
    #expect(same.report.exitCode == 0, "\(same.output)")
    #expect(same.report.failed == 0)
    #expect(same.output.hasSuffix("\(same.report.passed) passed, 0 failed"))

    let changed = runFile(path, version: 2)
    #expect(changed.report.exitCode == 1)
    #expect(changed.report.failed == 3)
    let headerLine =
      try #require(
        saved.split(separator: "\n", omittingEmptySubsequences: false).firstIndex(of: "expect header X-Version: 1")) + 1
    #expect(changed.output.contains("\(path):\(headerLine):1: expectation failed: expect header X-Version: 1"))
    #expect(changed.output.contains("  expected: X-Version: 1\n  actual:   X-Version: 2"))
    #expect(
      changed.output.contains(
        "-    {\"name\": \"teapot\", \"price\": 1800},\n  +    {\"name\": \"teapot\", \"price\": 1950},"))
    #expect(changed.output.contains("expectation failed: expect body base64 <<END"))

    let updated = runFile(path, version: 2, update: true)
    #expect(updated.report.exitCode == 0, "\(updated.output)")
    let rewritten = try String(contentsOfFile: path, encoding: .utf8)
    #expect(rewritten.contains("expect header X-Version: 2"))
    #expect(rewritten.contains("# the teapot stays first\nGET /items\nexpect json $.items[0].name == \"teapot\"\n"))
    #expect(rewritten.components(separatedBy: SessionRecording.marker).count == 3)

    let again = runFile(path, version: 2)
    #expect(again.report.exitCode == 0, "\(again.output)")
    #expect(runFile(path, version: 1).report.exitCode == 1)
  }

  @Test("--update leaves a here-document that merely mentions the marker alone")
  func markerInsideHereDocument() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/m.gws"
    let text =
      "load echo\nbody <<END\n\(SessionRecording.marker)\nexpect status 999\nEND\nPOST /\n\(SessionRecording.marker)\n"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let report = SessionRunner(update: true).run([path]) { _ in }
    #expect(report.exitCode == 0)
    let rewritten = try String(contentsOfFile: path, encoding: .utf8)
    #expect(rewritten.hasPrefix("load echo\nbody <<END\n\(SessionRecording.marker)\nexpect status 999\nEND\nPOST /\n"))
    #expect(rewritten.contains("expect status 200 OK"))
    #expect(SessionRunner().run([path]) { _ in }.exitCode == 0)
  }

  @Test("save --redact turns the Authorization header and marked headers into variables")
  func redact() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/secret.gws"
    let engine = SessionEngine()
    for line in [
      "load echo", "header Authorization: Bearer s3cr3t-token", "header X-Api-Key: key-12345",
      "redact header X-Api-Key",
      "GET /", "save --redact \(path)",
    ] {
      #expect(engine.execute(line: line).errors.isEmpty, "\(line)")
    }
    let saved = try String(contentsOfFile: path, encoding: .utf8)
    #expect(!saved.contains("s3cr3t-token"))
    #expect(!saved.contains("key-12345"))
    #expect(saved.contains("header Authorization: {{authorization}}"))
    #expect(saved.contains("--var authorization=... --var x_api_key=..."))
    var output: [String] = []
    let report = SessionRunner(variables: ["authorization": "Bearer s3cr3t-token", "x_api_key": "key-12345"])
      .run([path]) { output.append($0) }
    #expect(report.exitCode == 0, "\(output)")
    let missing = SessionRunner().run([path]) { _ in }
    #expect(missing.exitCode == 1)
  }

  /// Runs `lines` in a fresh engine, then `save --redact`; returns the saved text and
  /// what replaying it with `variables` printed and exited with.
  private func redactedAndReplayed(
    _ lines: [String], variables: [String: String]
  ) throws -> (saved: String, exitCode: Int32, output: [String]) {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/redacted.gws"
    let engine = SessionEngine()
    for line in lines + ["save --redact \(path)"] {
      #expect(engine.execute(line: line).errors.isEmpty, "\(line)")
    }
    let saved = try String(contentsOfFile: path, encoding: .utf8)
    var output: [String] = []
    let report = SessionRunner(variables: variables).run([path]) { output.append($0) }
    return (saved, report.exitCode, output)
  }

  @Test("save --redact leaves out the let line of a variable a secret header was built from")
  func redactLetVariable() throws {
    let (saved, exitCode, _) = try redactedAndReplayed(
      ["load echo", "let token s3cr3t-value-1", "header Authorization: Bearer {{token}}", "GET /"],
      variables: ["authorization": "Bearer s3cr3t-value-1"])
    #expect(!saved.contains("s3cr3t-value-1"), "\(saved)")
    #expect(saved.contains("# let token ... (redacted: run with --var token=...)"))
    // The token is used nowhere else, so only the header's variable is asked for.
    #expect(saved.contains("# Redacted; run it with --var authorization=...\n"))
    #expect(exitCode == 0)
  }

  @Test("save --redact asks for a secret's variable that other lines still use")
  func redactVariableUsedElsewhere() throws {
    let (saved, exitCode, _) = try redactedAndReplayed(
      [
        "load echo", "let token s3cr3t-value-2", "header Authorization: Bearer {{token}}",
        "header X-Token-Copy: {{token}}", "GET /",
      ], variables: ["authorization": "Bearer s3cr3t-value-2", "token": "s3cr3t-value-2"])
    #expect(!saved.contains("s3cr3t-value-2"), "\(saved)")
    #expect(saved.contains("header X-Token-Copy: {{token}}"))
    #expect(saved.contains("# Redacted; run it with --var authorization=... --var token=...\n"))
    #expect(exitCode == 0)
  }

  @Test("save --redact keeps a captured variable: the replay captures its own before it is used")
  func redactKeepsCapturedVariable() throws {
    let (saved, exitCode, output) = try redactedAndReplayed(
      [
        "load echo", "header X-Seed: abcdef123", "GET /", "capture token json $.environ.HTTP_X_SEED",
        "header Authorization: Bearer {{token}}", "GET /second",
      ], variables: ["authorization": "Bearer abcdef123"])
    #expect(saved.contains("header X-Seed: abcdef123"))
    #expect(saved.contains("# Redacted; run it with --var authorization=...\n"))
    #expect(exitCode == 0, "\(output)")
  }

  @Test("a file that does not parse runs nothing, and the exit status is 2")
  func parseFailureRunsNothing() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let good = directory + "/good.gws"
    let bad = directory + "/bad.gws"
    let saved = directory + "/must-not-exist.gws"
    try "load demo\nGET /\nsave \(saved)\n".write(toFile: good, atomically: true, encoding: .utf8)
    try "load demo\nGET /\nsave \(saved)\nexpect body ~ [unclosed\n".write(
      toFile: bad, atomically: true, encoding: .utf8)
    var output: [String] = []
    let report = SessionRunner().run([good, bad]) { output.append($0) }
    #expect(report.exitCode == 2)
    #expect(output.first?.hasPrefix("\(bad):4:15: error: the regular expression '[unclosed' does not compile") == true)
    #expect(!FileManager.default.fileExists(atPath: saved))
    #expect(report.junitXML().contains("<testcase classname=\"\(bad)\" name=\"parse\""))
  }

  @Test(
    "a file too large to keep parsed is checked whole before it runs, then run as it is read again: one bad line at its end runs nothing"
  )
  func largeFileCheckedThenStreamed() throws {
    let folder = TemporaryFolder(prefix: "gwsh-session-tests")
    defer { folder.remove() }
    let saved = folder.path + "/must-not-exist.gws"
    // 40,000 requests and their checks: past the size whose statements are kept.
    let requests = String(repeating: "GET /api/items\nexpect status 200\n", count: 40_000)
    #expect(requests.utf8.count > 1 << 20)
    let good = folder.write("good.gws", "load demo\n" + requests + "GET /\nsave \(saved)\n")
    let bad = folder.write("bad.gws", "load demo\nsave \(saved)\n" + requests + "expect body ~ [unclosed\n")

    var output: [String] = []
    let refused = SessionRunner().run([bad]) { output.append($0) }
    #expect(refused.exitCode == 2)
    #expect(output.first?.hasPrefix("\(bad):80003:15: error: the regular expression") == true, "\(output)")
    #expect(!FileManager.default.fileExists(atPath: saved))

    output = []
    let ran = SessionRunner().run([good]) { output.append($0) }
    #expect(ran.exitCode == 0, "\(output)")
    #expect(ran.passed == 40_000)
    // The transcript was kept for the file's `save`, though the statements were not.
    #expect(try String(contentsOfFile: saved, encoding: .utf8).contains("GET /api/items\nexpect status 200\n"))
  }

  @Test("a file that cannot be read is reported by name, with exit status 2")
  func unreadableFile() throws {
    var output: [String] = []
    let report = SessionRunner().run(["/nonexistent/gwsh/none.gws"]) { output.append($0) }
    #expect(report.exitCode == 2)
    #expect(
      output.first
        == "/nonexistent/gwsh/none.gws: error: expected a readable file at '/nonexistent/gwsh/none.gws', but there is none"
    )
  }

  @Test("an app that cannot be loaded stops the file with exit status 2")
  func loadFailure() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/s.gws"
    try "load nosuch\nGET /\nexpect status 200\n".write(toFile: path, atomically: true, encoding: .utf8)
    var output: [String] = []
    let report = SessionRunner().run([path]) { output.append($0) }
    #expect(report.exitCode == 2)
    #expect(output.first?.contains("\(path):1:1: error: could not load 'nosuch'") == true)
    #expect(report.passed == 0)
    let xml = report.junitXML()
    #expect(xml.contains("name=\"before any request (line 1)\""))
    #expect(xml.contains("<error message=\"\(path):1:1: error: could not load 'nosuch'"))
  }

  @Test("the JUnit report has one test case per request, with its failures")
  func junit() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/j.gws"
    try "load demo\nGET /api/items\nexpect status 200\nGET /nope\nexpect status 200\nexpect body ~ <tag>\n"
      .write(toFile: path, atomically: true, encoding: .utf8)
    let report = SessionRunner().run([path]) { _ in }
    #expect(report.passed == 1)
    #expect(report.failed == 2)
    let xml = report.junitXML()
    #expect(xml.contains("<testsuites name=\"gwsh run\" tests=\"2\" failures=\"1\" errors=\"0\">"))
    #expect(xml.contains("name=\"GET /api/items (line 2)\""))
    #expect(xml.contains("<failure message=\"\(path):5:1: expectation failed: expect status 200\">"))
    #expect(xml.contains("body ~ &lt;tag&gt;"))
    // Times to the microsecond: a dispatch takes well under a millisecond.
    let times = xml.matches(of: /time="(\d+)\.(\d{6})"/).map { Int($0.1)! * 1_000_000 + Int($0.2)! }
    #expect(times.count == 2)
    #expect(times.allSatisfy { $0 > 0 }, "\(xml)")
  }
}
