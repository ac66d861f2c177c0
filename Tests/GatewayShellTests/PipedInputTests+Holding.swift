import Foundation
import Glibc
import TestSupport
import Testing

/// Piped in and out, gwsh writes responses many to a write and a request's recorded response
/// with the next request's line. What a reader of the pipe and of the journal sees must not
/// change: every response, in order, none kept back while the shell waits or an app hangs.
// Ten minutes: see PipedInputTests.
@Suite("piped output held and written out", .timeLimit(.minutes(10)))
struct PipedHoldingTests {
  let temporary = TemporaryFolder(prefix: "gwsh-hold")

  /// The shell's environment: its state (the journal) in the test's folder, no colours.
  var environment: [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_STATE_HOME"] = temporary.path
    environment["NO_COLOR"] = nil
    environment["TERM"] = "xterm"
    return environment
  }

  func start(_ arguments: [String]) throws -> ChildProgram {
    try ChildProgram(
      SystemTools.gwshExecutable, arguments, environment: environment, currentDirectory: temporary.path,
      output: .captured, errors: .captured)
  }

  /// The shell's journal file: the one file in its journal folder.
  func journalPath() throws -> String {
    let folder = temporary.path + "/gwsh/journal"
    let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".gws") }
    try #require(files.count == 1)
    return folder + "/" + files[0]
  }

  /// The shell's journal.
  func journal() throws -> String {
    try String(contentsOfFile: journalPath(), encoding: .utf8)
  }

  @Test("a response reaches the reader while the shell waits for the next piped line")
  func responseBeforeTheNextLine() throws {
    defer { temporary.remove() }
    let shell = try start(["echo"])
    shell.send("GET /first\n")
    let first = shell.read(until: "── ", timeout: .seconds(20))
    #expect(first.contains(#""PATH_INFO": "/first""#))
    shell.send("GET /second\n")
    let second = shell.read(until: "── ", timeout: .seconds(20))
    #expect(second.contains(#""PATH_INFO": "/second""#))
    // The first request's recorded response is in the journal while the shell still waits.
    let text = try journal()
    #expect(text.contains("GET /first\n# recorded response"))
    #expect(text.contains("GET /second\n# recorded response"))
    shell.closeInput()
    #expect(shell.wait() == .exited(0))
  }

  @Test("the responses before a request that hangs reach the reader and the journal; SIGTERM still ends the shell")
  func responsesBeforeAHungRequest() throws {
    defer { temporary.remove() }
    let shell = try start(["slow"])
    // Both lines in one write: the second is there when the first's response is printed.
    shell.send("GET /?chunks=1&delay=0\nGET /stuck\n")
    let shown = shell.read(until: "chunk 1/1", timeout: .seconds(20))
    #expect(shown.contains("200 OK"))
    #expect(shown.contains("chunk 1/1"))
    let text = try journal()
    #expect(text.contains("expect body <<END\nchunk 1/1\nEND\n"))
    #expect(text.hasSuffix("GET /stuck\n"))
    shell.signal(SIGTERM)
    #expect(shell.wait() == .signaled(SIGTERM))
  }

  @Test("many quick responses, well past what is held at once, all come out in order, and the journal replays")
  func manyResponsesInOrder() throws {
    defer { temporary.remove() }
    let count = 300
    let lines = (1...count).map { "GET /n\($0)\n" }.joined()
    let result = try ChildProgram.run(
      SystemTools.gwshExecutable, ["echo"], input: Data(lines.utf8), environment: environment,
      currentDirectory: temporary.path)
    #expect(result.status == 0)
    let output = result.standardOutputText
    // About 700 bytes a response: 300 of them are three times what the output holds at once.
    #expect(output.utf8.count > 3 * 65_536)
    var from = output.startIndex
    for number in 1...count {
      let path = #""PATH_INFO": "/n\#(number)""#
      guard let found = output.range(of: path, range: from..<output.endIndex) else {
        Issue.record("response \(number) is missing or out of order")
        return
      }
      from = found.upperBound
    }
    #expect(output.components(separatedBy: "200 OK\n").count == count + 1)
    let text = try journal()
    #expect(text.components(separatedBy: "# recorded response").count == count + 1)
    #expect(text.hasSuffix("# the session ended\n"))
    let replay = try ChildProgram.run(
      SystemTools.gwshExecutable, ["run", journalPath()], environment: environment,
      currentDirectory: temporary.path)
    #expect(replay.status == 0, "\(replay.standardOutputText)")
  }
}
