import Foundation
import TestSupport
import Testing

/// Spilled bodies, and the children of a request under way, through the real binary: bounded by
/// --max-body, and gone once the shell ends, however it ends.
// Ten minutes: see PipedInputTests.
@Suite("Spilled bodies are bounded and removed", .timeLimit(.minutes(10)))
struct BodyLifetimeTests {
  /// A shell reading commands from a pipe it keeps open, so the test chooses how it ends.
  final class RunningShell {
    let program: ChildProgram
    let folder: TemporaryFolder
    var bodies: String { folder.path + "/gwsh/bodies" }

    init(arguments: [String]) throws {
      folder = TemporaryFolder(prefix: "gwsh-life")
      var environment = ProcessInfo.processInfo.environment
      environment["XDG_STATE_HOME"] = folder.path
      program = try ChildProgram(
        SystemTools.gwshExecutable, arguments, environment: environment, currentDirectory: folder.path)
    }

    var spilled: [String] { (try? FileManager.default.contentsOfDirectory(atPath: bodies)) ?? [] }

    deinit {
      // The program's process group is killed as it goes.
      folder.remove()
    }
  }

  /// A shell whose last response is a body larger than memory keeps, so it is on disk.
  func shellHoldingASpill() throws -> RunningShell {
    let shell = try RunningShell(arguments: ["slow", "--max-body", "3M"])
    shell.program.send("GET /endless\n")
    let shown = shell.program.read(until: " 1 error\n")
    #expect(shown.contains("stopped: body over 3145728 bytes (3 MiB)"))
    #expect(shell.spilled.count == 1)
    return shell
  }

  @Test("--max-body stops an endless body as a shown outcome; its file is gone when the input ends")
  func endOfInput() throws {
    let shell = try shellHoldingASpill()
    shell.program.closeInput()
    _ = shell.program.readToEnd()
    #expect(shell.program.wait() == .exited(1))
    #expect(shell.spilled.isEmpty)
  }

  @Test("quit removes the spilled body")
  func quit() throws {
    let shell = try shellHoldingASpill()
    shell.program.send("quit\n")
    shell.program.wait()
    #expect(shell.spilled.isEmpty)
  }

  @Test(
    "a signal that ends the shell removes the spilled body first, and still ends it by that signal",
    arguments: [SIGTERM, SIGHUP, SIGINT])
  func signals(_ number: Int32) throws {
    let shell = try shellHoldingASpill()
    shell.program.signal(number)
    #expect(shell.program.wait() == .signaled(number))
    #expect(shell.spilled.isEmpty)
  }

  @Test(
    "a signal that ends the shell during a request stops the app's Python worker with it",
    arguments: [SIGTERM, SIGHUP])
  func signalStopsTheWorker(_ number: Int32) throws {
    let shell = try RunningShell(arguments: [])
    let app =
      "import os\ndef app(environ, start_response):\n    open('spin.pid', 'w').write(str(os.getpid()))\n    while True:\n        pass\n"
    try app.write(toFile: shell.folder.path + "/spin.py", atomically: true, encoding: .utf8)
    shell.program.send("load python:spin:app\nGET /\n")
    var pid: Int32?
    let deadline = ContinuousClock.now + .seconds(30)
    while pid == nil, ContinuousClock.now < deadline {
      pid = (try? String(contentsOfFile: shell.folder.path + "/spin.pid", encoding: .utf8)).flatMap { Int32($0) }
      if pid == nil { Thread.sleep(forTimeInterval: 0.05) }
    }
    let worker = try #require(pid)
    shell.program.signal(number)
    #expect(shell.program.wait() == .signaled(number))
    // Killed, then reaped once its parent is gone: it no longer exists.
    let gone = ContinuousClock.now + .seconds(5)
    while kill(worker, 0) == 0, ContinuousClock.now < gone { Thread.sleep(forTimeInterval: 0.05) }
    #expect(kill(worker, 0) != 0, "the worker \(worker) still runs")
    if kill(worker, 0) == 0 { kill(worker, SIGKILL) }
  }

  @Test("a killed shell's body is removed by the next shell, which keeps a running process's")
  func killedShell() throws {
    let killed = try shellHoldingASpill()
    killed.program.signal(SIGKILL)
    killed.program.wait()
    let left = killed.spilled
    #expect(left.count == 1)
    // A body named by a process that runs (this test's) belongs to a shell still using it.
    let running = killed.bodies + "/body-\(getpid())-abcdef"
    #expect(FileManager.default.createFile(atPath: running, contents: Data("in use".utf8)))
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_STATE_HOME"] = killed.folder.path
    let next = try ChildProgram.run(SystemTools.gwshExecutable, environment: environment)
    #expect(next.status == 0)
    #expect(!FileManager.default.fileExists(atPath: killed.bodies + "/" + (left.first ?? "")))
    #expect(FileManager.default.fileExists(atPath: running))
  }
}
