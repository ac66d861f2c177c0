import Foundation
import Testing

/// Spilled bodies through the real binary: bounded by --max-body, and gone once the shell ends,
/// however it ends.
@Suite("Spilled bodies are bounded and removed", .timeLimit(.minutes(1)))
struct BodyLifetimeTests {
  /// A shell reading commands from a pipe it keeps open, so the test chooses how it ends.
  final class RunningShell {
    let process = Process()
    let input = Pipe()
    let output = Pipe()
    let folder: String
    var bodies: String { folder + "/gwsh/bodies" }

    init(arguments: [String]) throws {
      folder = FileManager.default.temporaryDirectory.appendingPathComponent("gwsh-life-\(UUID().uuidString)").path
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      process.executableURL = URL(fileURLWithPath: PseudoTerminal.binary)
      process.arguments = arguments
      process.currentDirectoryURL = URL(fileURLWithPath: folder)
      var environment = ProcessInfo.processInfo.environment
      environment["XDG_STATE_HOME"] = folder
      process.environment = environment
      process.standardInput = input
      process.standardOutput = output
      try process.run()
    }

    func send(_ line: String) { input.fileHandleForWriting.write(Data(line.utf8)) }

    /// Reads the output until `marker` has come.
    func read(until marker: String) -> String {
      var text = ""
      while !text.contains(marker) {
        let data = output.fileHandleForReading.availableData
        if data.isEmpty { break }
        text += String(decoding: data, as: UTF8.self)
      }
      return text
    }

    /// Waits for the shell to end; one that has not after 30 seconds is killed, so a broken shell fails the test.
    func waitForExit() {
      for _ in 0..<300 where process.isRunning { usleep(100_000) }
      if process.isRunning { kill(process.processIdentifier, SIGKILL) }
      process.waitUntilExit()
    }

    var spilled: [String] { (try? FileManager.default.contentsOfDirectory(atPath: bodies)) ?? [] }

    deinit {
      if process.isRunning { kill(process.processIdentifier, SIGKILL) }
      try? FileManager.default.removeItem(atPath: folder)
    }
  }

  /// A shell whose last response is a body larger than memory keeps, so it is on disk.
  func shellHoldingASpill() throws -> RunningShell {
    let shell = try RunningShell(arguments: ["slow", "--max-body", "3M"])
    shell.send("GET /endless\n")
    let shown = shell.read(until: " 1 error\n")
    #expect(shown.contains("stopped: body over 3145728 bytes (3 MiB)"))
    #expect(shell.spilled.count == 1)
    return shell
  }

  @Test("--max-body stops an endless body as a shown outcome; its file is gone when the input ends")
  func endOfInput() throws {
    let shell = try shellHoldingASpill()
    try shell.input.fileHandleForWriting.close()
    _ = shell.read(until: "\u{0}")
    shell.waitForExit()
    #expect(shell.process.terminationStatus == 1)
    #expect(shell.spilled.isEmpty)
  }

  @Test("quit removes the spilled body")
  func quit() throws {
    let shell = try shellHoldingASpill()
    shell.send("quit\n")
    shell.waitForExit()
    #expect(shell.spilled.isEmpty)
  }

  @Test(
    "a signal that ends the shell removes the spilled body first, and still ends it by that signal",
    arguments: [SIGTERM, SIGHUP, SIGINT])
  func signals(_ number: Int32) throws {
    let shell = try shellHoldingASpill()
    kill(shell.process.processIdentifier, number)
    shell.waitForExit()
    #expect(shell.process.terminationReason == .uncaughtSignal)
    #expect(shell.process.terminationStatus == number)
    #expect(shell.spilled.isEmpty)
  }

  @Test("a killed shell's body is removed by the next shell, which keeps a running process's")
  func killedShell() throws {
    let killed = try shellHoldingASpill()
    kill(killed.process.processIdentifier, SIGKILL)
    killed.waitForExit()
    let left = killed.spilled
    #expect(left.count == 1)
    // A body named by a process that runs (this test's) belongs to a shell still using it.
    let running = killed.bodies + "/body-\(getpid())-abcdef"
    #expect(FileManager.default.createFile(atPath: running, contents: Data("in use".utf8)))
    let next = Process()
    next.executableURL = URL(fileURLWithPath: PseudoTerminal.binary)
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_STATE_HOME"] = killed.folder
    next.environment = environment
    next.standardInput = FileHandle.nullDevice
    next.standardOutput = FileHandle.nullDevice
    try next.run()
    next.waitUntilExit()
    #expect(next.terminationStatus == 0)
    #expect(!FileManager.default.fileExists(atPath: killed.bodies + "/" + (left.first ?? "")))
    #expect(FileManager.default.fileExists(atPath: running))
  }
}
