import Foundation
import TestSupport
import Testing

/// `gwsh < commands.txt`: the real binary with standard input and output not a terminal.
// Ten minutes, not one: a test's limit counts from when it is started, and under a sanitizer it may
// then wait minutes for a thread of the shared pool that other tests' waits hold (the whole suite
// under Thread Sanitizer failed 26 tests at one instant on a one-minute limit). Each wait on the
// program is bounded by ChildProgram's own deadlines, so a broken shell still fails the test.
@Suite("gwsh reading commands from a pipe", .timeLimit(.minutes(10)))
struct PipedInputTests {
  /// Runs the binary with `input` on standard input; returns its output and exit status.
  /// `files` are written to its working directory first (name: text), executable when `executable`.
  func run(
    _ input: String, arguments: [String] = [], files: [String: String] = [:], executable: Bool = false
  ) throws -> (output: String, status: Int32, folder: String, errors: String) {
    // Written close-on-exec: a program another test starts meanwhile must not hold a script open
    // for writing, or running it fails with "Text file busy".
    let temporary = TemporaryFolder(prefix: "gwsh-pipe")
    let folder = temporary.path
    for (name, text) in files { temporary.write(name, text, executable: executable) }
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_STATE_HOME"] = folder
    environment["NO_COLOR"] = nil
    environment["TERM"] = "xterm"
    let result = try ChildProgram.run(
      SystemTools.gwshExecutable, arguments, input: Data(input.utf8), environment: environment,
      currentDirectory: folder)
    return (result.standardOutputText, result.status, folder, result.standardErrorText)
  }

  @Test("commands run without prompts, colours or echo, and the responses are printed as at the prompt")
  func commandsFromAPipe() throws {
    let result = try run("GET /api/items/2\n\theader\tAccept: text/html\nexpect status 200\n")
    #expect(result.output.contains("200 OK\nContent-Type: application/json"))
    #expect(result.output.contains("\"kettle\""))
    #expect(!result.output.contains("demo> "))
    #expect(!result.output.contains("\u{1b}"))
    #expect(!result.output.contains("GET /api/items/2"))
    #expect(result.status == 0)
    // Nothing on standard error: not a word of gwsh's, nor the dynamic loader's (a position-dependent
    // build against the shared Swift runtime made it warn about each protected symbol it bound).
    #expect(result.errors == "")
  }

  @Test("a failed expectation or a bad line makes the exit status 1, and every line still runs")
  func failuresSetTheStatus() throws {
    let result = try run("expect status 200\nGET /api/items/9\nexpect status 200\nGET /api/items/1\n")
    #expect(result.output.contains("error: there is no response yet"))
    #expect(result.output.contains("✗ expect status 200"))
    #expect(result.output.contains("teapot"))
    #expect(result.status == 1)
  }

  @Test("debug without a terminal says so and makes the exit status 1, as any line that could not run")
  func debugWithoutTerminalFails() throws {
    let result = try run("GET /api/items/1\ndebug\n")
    #expect(result.output.contains("teapot"))
    #expect(result.output.contains("debug needs a terminal"))
    #expect(result.status == 1)
  }

  @Test("the apps named on the command line are loaded in order, the last one current")
  func appsOnTheCommandLine() throws {
    let result = try run("GET /hello\n", arguments: ["demo", "echo"])
    #expect(result.output.contains("loaded demo"))
    #expect(result.output.contains(#""PATH_INFO": "/hello""#))
  }

  @Test("the session is journaled under XDG_STATE_HOME/gwsh/journal")
  func journal() throws {
    let result = try run("GET /api/items/3\n")
    let folder = result.folder + "/gwsh/journal"
    let files = try FileManager.default.contentsOfDirectory(atPath: folder)
    #expect(files.count == 1)
    let text = try String(contentsOfFile: folder + "/" + (files.first ?? ""), encoding: .utf8)
    #expect(text.contains("load demo\nGET /api/items/3\n"))
    #expect(text.contains("expect status 200 OK"))
  }

  @Test("a shell that starts keeps the newest 100 sessions' journals and removes the older ones")
  func oldJournalsRemoved() throws {
    let ended = "# gwsh session journal (process 1, start 1)\nGET /\n# the session ended\n"
    var files: [String: String] = [:]
    // 101 sessions that ended, a day apart from 2023-11-14: the oldest goes, and this shell's own comes.
    for day in 0..<101 {
      let date = Date(timeIntervalSince1970: 1.7e9 + Double(day) * 86_400)
      let stamp = ISO8601DateFormatter.string(from: date, timeZone: .gmt, formatOptions: [.withFullDate])
      files["gwsh/journal/\(stamp)T120000Z.gws"] = ended
    }
    let result = try run("GET /\n", files: files)
    let names = try FileManager.default.contentsOfDirectory(atPath: result.folder + "/gwsh/journal").sorted()
    #expect(names.count == 101)
    #expect(names.first == "2023-11-15T120000Z.gws")
    #expect(names.filter { $0.hasPrefix("2023") || $0.hasPrefix("2024") }.count == 100)
  }
}

// Ten minutes: see PipedInputTests.
@Suite("piped commands and dispatches that did not finish", .timeLimit(.minutes(10)))
struct PipedUnfinishedTests {
  @Test(
    "a dispatch that timed out, passed --max-body or crashed makes the exit status 1",
    arguments: [
      ("GET /stuck\n", ["slow", "--timeout", "0.3"], "stopped: the app did not return"),
      ("GET /endless\n", ["slow", "--max-body", "64K"], "stopped: body over 65536 bytes (64 KiB)"),
    ])
  func unfinished(_ line: String, _ arguments: [String], _ shown: String) throws {
    let result = try PipedInputTests().run(line, arguments: arguments)
    defer { try? FileManager.default.removeItem(atPath: result.folder) }
    #expect(result.output.contains(shown))
    #expect(result.status == 1)
  }

  @Test("a CGI program killed by a signal fails piped commands; one that answers does not")
  func crashedProgram() throws {
    let folder = TemporaryFolder(prefix: "gwsh-crash")
    defer { folder.remove() }
    let script = folder.write(
      "crash.cgi", "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\nhalf'\nkill -SEGV $$\n", executable: true)
    let crashed = try PipedInputTests().run("load cgi:\(script)\nGET /\n")
    defer { try? FileManager.default.removeItem(atPath: crashed.folder) }
    #expect(crashed.output.contains("killed by SIGSEGV"))
    #expect(crashed.status == 1)
    let answered = try PipedInputTests().run("GET /fail\nexpect status 500\n")
    defer { try? FileManager.default.removeItem(atPath: answered.folder) }
    #expect(answered.status == 0)
  }

  @Test("an empty body is no chunk: a 204 from a CGI program passes expect chunks 0, and says no body")
  func emptyBody() throws {
    let folder = TemporaryFolder(prefix: "gwsh-empty")
    defer { folder.remove() }
    let script = folder.write("empty.cgi", "#!/bin/sh\nprintf 'Status: 204 No Content\\r\\n\\r\\n'\n", executable: true)
    let result = try PipedInputTests().run("load cgi:\(script)\nGET /\nexpect status 204\nexpect chunks 0\n")
    defer { try? FileManager.default.removeItem(atPath: result.folder) }
    #expect(result.output.contains(" · no body"))
    #expect(!result.output.contains("✗"))
    #expect(result.status == 0)
  }
}
