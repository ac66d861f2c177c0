import Foundation
import Testing

/// `gwsh < commands.txt`: the real binary with standard input and output not a terminal.
@Suite("gwsh reading commands from a pipe", .timeLimit(.minutes(1)))
struct PipedInputTests {
  /// Runs the binary with `input` on standard input; returns its output and exit status.
  /// `files` are written to its working directory first (name: text), executable when `executable`.
  func run(
    _ input: String, arguments: [String] = [], files: [String: String] = [:], executable: Bool = false
  ) throws -> (output: String, status: Int32, folder: String) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gwsh-pipe-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    for (name, text) in files {
      let path = folder + "/" + name
      try Data(text.utf8).write(to: URL(fileURLWithPath: path))
      if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path) }
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: PseudoTerminal.binary)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: folder)
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_STATE_HOME"] = folder
    environment["NO_COLOR"] = nil
    environment["TERM"] = "xterm"
    process.environment = environment
    let stdin = Pipe()
    let stdout = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    try process.run()
    stdin.fileHandleForWriting.write(Data(input.utf8))
    try stdin.fileHandleForWriting.close()
    let data = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (String(decoding: data, as: UTF8.self), process.terminationStatus, folder)
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
  }

  @Test("a failed expectation or a bad line makes the exit status 1, and every line still runs")
  func failuresSetTheStatus() throws {
    let result = try run("expect status 200\nGET /api/items/9\nexpect status 200\nGET /api/items/1\n")
    #expect(result.output.contains("error: there is no response yet"))
    #expect(result.output.contains("✗ expect status 200"))
    #expect(result.output.contains("teapot"))
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
}
