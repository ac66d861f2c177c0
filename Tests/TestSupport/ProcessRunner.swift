import Foundation

/// Runs a program to completion and collects what it printed.
public enum ProcessRunner {
  /// What a finished program left.
  public struct Result: Sendable {
    public let status: Int32
    public let standardOutput: Data
    public let standardError: Data
    public var standardOutputText: String { String(decoding: standardOutput, as: UTF8.self) }
    public var standardErrorText: String { String(decoding: standardError, as: UTF8.self) }
  }

  /// Runs `executable` with `arguments`, feeding `input` to its standard input.
  /// - Throws: When the program cannot be started.
  @discardableResult
  public static func run(
    _ executable: String, _ arguments: [String], input: Data = Data(), environment: [String: String]? = nil,
    currentDirectory: String? = nil
  ) throws -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
    let stdin = Pipe()
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    // Read both pipes while the program runs, so neither fills up and blocks it.
    let collected = CollectedOutput()
    let group = DispatchGroup()
    for (pipe, isError) in [(stdout, false), (stderr, true)] {
      group.enter()
      DispatchQueue.global().async {
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        collected.store(data, isError: isError)
        group.leave()
      }
    }
    if !input.isEmpty { try? stdin.fileHandleForWriting.write(contentsOf: input) }
    try? stdin.fileHandleForWriting.close()
    process.waitUntilExit()
    group.wait()
    return Result(
      status: process.terminationStatus, standardOutput: collected.output, standardError: collected.error)
  }
}

private final class CollectedOutput: @unchecked Sendable {
  private let lock = NSLock()
  private(set) var output = Data()
  private(set) var error = Data()

  func store(_ data: Data, isError: Bool) {
    lock.lock()
    defer { lock.unlock() }
    if isError { error = data } else { output = data }
  }
}

/// Starts server processes the way a shell would.
public enum ServerProcess {
  /// Starts `executable` in the background with a clean signal mask.
  ///
  /// A test runs on threads that block signals such as SIGTERM and SIGCHLD, and
  /// a child inherits that mask: a server started directly would ignore
  /// `terminate()` and never reap its own children. python3 clears the mask and
  /// then becomes the server.
  /// - Throws: When the program cannot be started.
  public static func start(_ executable: String, _ arguments: [String]) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments =
      [
        "python3", "-c",
        "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, set()); os.execv(sys.argv[1], sys.argv[1:])",
        executable,
      ] + arguments
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    return process
  }

  /// Stops a server started with ``start(_:_:)``: SIGTERM, then SIGKILL if it lingers.
  public static func stop(_ process: Process) {
    guard process.isRunning else { return }
    process.terminate()
    for _ in 0..<40 where process.isRunning { Thread.sleep(forTimeInterval: 0.05) }
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
  }
}

/// A folder that exists for one test: the one temporary-folder helper of every test target.
public struct TemporaryFolder: Sendable {
  public let path: String

  /// Creates a new, empty folder under the system's temporary folder; a test cannot go on without one.
  public init(prefix: String = "gwsh-test") {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    do {
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    } catch {
      fatalError("no temporary folder for the test: \(error)")
    }
    path = url.path
  }

  /// Writes `text` to `name` in the folder (its folders created), optionally executable, and returns its path.
  ///
  /// Written through a descriptor closed on exec: tests run in parallel, and a child another
  /// test starts meanwhile (a Python worker lives for a whole test) would otherwise hold the
  /// file open for writing, and running it would fail with "Text file busy".
  @discardableResult
  public func write(_ name: String, _ text: String, executable: Bool = false) -> String {
    let file = "\(path)/\(name)"
    let folder = (file as NSString).deletingLastPathComponent
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    guard let handle = fopen(file, "we") else { fatalError("cannot write \(file) for the test") }
    fputs(text, handle)
    fclose(handle)
    if executable { chmod(file, 0o755) }
    return file
  }

  /// Removes the folder and everything in it.
  public func remove() { try? FileManager.default.removeItem(atPath: path) }
}
