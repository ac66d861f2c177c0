import Foundation
import TestSupport
import Testing

@Suite("gwsh run, the real executable")
struct RunCommandTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

  func gwsh(_ arguments: [String], in directory: String) throws -> ChildProgram.Result {
    try ChildProgram.run(SystemTools.gwshExecutable, ["run"] + arguments, currentDirectory: directory)
  }

  @Test("a large session read from a pipe (gwsh run <(...)) runs whole: a pipe is read once")
  func largeSessionFromAPipe() throws {
    let folder = TemporaryFolder(prefix: "gwsh-session-tests")
    defer { folder.remove() }
    // Past the 1 MiB up to which a file's statements are kept; a regular file that large is read twice.
    folder.write("big.gws", "load echo\n" + String(repeating: "GET /\nexpect status 200\n", count: 50_000))
    let result = try ChildProgram.run(
      "/bin/bash", ["-c", "\"$0\" run <(cat big.gws)", SystemTools.gwshExecutable], currentDirectory: folder.path)
    #expect(result.status == 0, "\(result.standardOutputText)\(result.standardErrorText)")
    #expect(result.standardOutputText.hasSuffix("50000 passed, 0 failed\n"), "\(result.standardOutputText)")
  }

  @Test("the example sessions pass with exit status 0, and --junit writes a report")
  func examples() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let files = SessionsFolderTests.files.map { "sessions/" + $0 }
    let result = try ChildProgram.run(
      SystemTools.gwshExecutable, ["run", "--junit", directory + "/report.xml"] + files, currentDirectory: Self.root)
    #expect(result.status == 0, "\(result.standardOutputText)\(result.standardErrorText)")
    #expect(result.standardOutputText.hasSuffix(" passed, 0 failed\n"))
    let xml = try String(contentsOfFile: directory + "/report.xml", encoding: .utf8)
    #expect(xml.contains("<testsuite name=\"sessions/login-round-trip.gws\""))
    #expect(xml.contains("name=\"POST /login (line 8)\""))
  }

  @Test("exit status 1 when an expectation fails, 2 when a file does not parse, and the output says where")
  func exitStatuses() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try "load demo\nGET /api/items/1\nexpect json $.name == \"kettle\"\n"
      .write(toFile: directory + "/red.gws", atomically: true, encoding: .utf8)
    try "load demo\nGET /\nexpect stauts 200\n".write(toFile: directory + "/bad.gws", atomically: true, encoding: .utf8)
    let red = try gwsh(["red.gws"], in: directory)
    #expect(red.status == 1)
    #expect(
      red.standardOutputText
        == """
        red.gws:3:1: expectation failed: expect json $.name == "kettle"
          expected: $.name == "kettle"
          actual:   $.name == "teapot"
        0 passed, 1 failed

        """)
    let bad = try gwsh(["red.gws", "bad.gws"], in: directory)
    #expect(bad.status == 2)
    #expect(bad.standardOutputText.hasPrefix("bad.gws:3:8: error: expected what to check"))
    #expect(bad.standardOutputText.contains("nothing was run"))
  }

  @Test("a file that is not there is reported as not read, not as a file that did not parse")
  func missingFile() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let missing = try gwsh(["nonexist.gws"], in: directory)
    #expect(missing.status == 2)
    #expect(
      missing.standardOutputText
        == """
        nonexist.gws: error: expected a readable file at 'nonexist.gws', but there is none
        nothing was run: a file could not be read
        0 passed, 0 failed

        """)
  }

  @Test("--update re-records in place; --var and --timeout reach the session")
  func updateVarTimeout() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/u.gws"
    try
      "# keep me\nload echo\nheader X-Who: {{who}}\nGET /\n# recorded response (gwsh run --update rewrites this block)\nexpect status 500\n"
      .write(toFile: path, atomically: true, encoding: .utf8)
    #expect(try gwsh(["--var", "who=erin", "u.gws"], in: directory).status == 1)
    let update = try gwsh(["--update", "--var", "who=erin", "u.gws"], in: directory)
    #expect(update.status == 0, "\(update.standardOutputText)")
    let rewritten = try String(contentsOfFile: path, encoding: .utf8)
    #expect(rewritten.hasPrefix("# keep me\nload echo\nheader X-Who: {{who}}\nGET /\n"))
    #expect(rewritten.contains("expect status 200 OK"))
    #expect(rewritten.contains("\"HTTP_X_WHO\": \"erin\""))
    #expect(try gwsh(["--var", "who=erin", "u.gws"], in: directory).status == 0)
    #expect(try gwsh(["--var", "who=frank", "u.gws"], in: directory).status == 1)

    try "load slow\nGET /stuck\nexpect status 200\n".write(
      toFile: directory + "/s.gws", atomically: true, encoding: .utf8)
    let start = ContinuousClock.now
    let stuck = try gwsh(["--timeout", "0.3", "s.gws"], in: directory)
    #expect(ContinuousClock.now - start < .seconds(10))
    #expect(stuck.status == 1)
    #expect(stuck.standardOutputText.contains("actual:   no response (stopped"))
  }

  @Test("a request that did not finish fails the run, is counted, and is a failed JUnit test case")
  func unfinishedRequestsFail() throws {
    let folder = TemporaryFolder()
    defer { folder.remove() }
    folder.write("endless.gws", "load slow\nGET /endless\nexpect status 200\n")
    folder.write("stuck.gws", "load slow\nGET /stuck\n")
    folder.write(
      "crash.cgi", "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\nhalf'\nkill -SEGV $$\n", executable: true)
    folder.write("crash.gws", "load cgi:crash.cgi\nGET /\nexpect status 200\n")

    let timedOut = try gwsh(["--timeout", "0.3", "--max-body", "1G", "endless.gws"], in: folder.path)
    #expect(timedOut.status == 1)
    #expect(
      timedOut.standardOutputText.contains(
        "endless.gws:2:1: GET /endless did not finish: stopped: timed out after 0.3s"))
    #expect(timedOut.standardOutputText.hasSuffix("1 passed, 1 failed\n"))

    let limited = try gwsh(["--max-body", "64K", "endless.gws"], in: folder.path)
    #expect(limited.status == 1)
    #expect(limited.standardOutputText.contains("did not finish: stopped: body over 65536 bytes (64 KiB)"))

    let stuck = try gwsh(["--timeout", "0.3", "stuck.gws"], in: folder.path)
    #expect(stuck.status == 1)
    #expect(stuck.standardOutputText.hasSuffix("0 passed, 1 failed\n"))

    let crashed = try gwsh(["--junit", "report.xml", "crash.gws"], in: folder.path)
    #expect(crashed.status == 1)
    #expect(crashed.standardOutputText.contains("did not finish: crashed: the CGI program"))
    let xml = try String(contentsOfFile: folder.path + "/report.xml", encoding: .utf8)
    #expect(xml.contains("failures=\"1\""))
    #expect(xml.contains("<failure message=\"crash.gws:2:1: GET / did not finish: crashed: the CGI program"))
  }

  @Test("--max-body takes a byte count with a K, M or G suffix, and refuses anything else")
  func maxBodyOption() throws {
    let folder = TemporaryFolder()
    defer { folder.remove() }
    folder.write("ok.gws", "load demo\nGET /\nexpect status 200\n")
    #expect(try gwsh(["--max-body", "1M", "ok.gws"], in: folder.path).status == 0)
    let bad = try gwsh(["--max-body", "lots", "ok.gws"], in: folder.path)
    #expect(bad.status != 0)
    #expect(bad.standardErrorText.contains("--max-body"))
  }
}
