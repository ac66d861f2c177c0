#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Starts programs with `posix_spawn` and nothing in between, so that a
/// measured start is the program's own, and the bare spawn floor is what the
/// system charges for a process.
enum CommandRun {
  /// What a finished program left.
  struct Result {
    var status: Int32
    var output: [UInt8]
    var wall: Duration
    /// The program's peak resident set (`ru_maxrss` from `wait4`), in MiB.
    var peakMiB: Double
    /// The CPU time (user and system) of the program and the children it waited for, from `wait4`:
    /// what a run costs whatever else the machine runs.
    var cpu: Double = 0
    var text: String { String(decoding: output, as: UTF8.self) }
  }

  /// Runs `argv` to its end, with standard input from `stdinPath` (or
  /// `/dev/null`), and collects standard output, or sends it to the file
  /// `stdoutPath` (created or emptied); standard error is the bench's.
  static func run(
    _ argv: [String], environment: [String]? = nil, stdinPath: String = "/dev/null", captureOutput: Bool = true,
    stdoutPath: String? = nil, keepOutput: Bool = true
  ) -> Result {
    var fds: [Int32] = [-1, -1]
    guard pipe(&fds) == 0 else { fatalError("pipe failed: \(errno)") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
    if let stdoutPath {
      posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    } else if captureOutput {
      posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
    } else {
      posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    }
    posix_spawn_file_actions_addclose(&actions, fds[0])
    posix_spawn_file_actions_addclose(&actions, fds[1])
    let cArguments = argv.map { strdup($0) } + [nil]
    let cEnvironment = (environment ?? currentEnvironment()).map { strdup($0) } + [nil]
    defer {
      for pointer in cArguments { free(pointer) }
      for pointer in cEnvironment { free(pointer) }
    }
    let start = ContinuousClock.now
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArguments, cEnvironment)
    close(fds[1])
    guard spawned == 0 else {
      close(fds[0])
      fatalError("could not start \(argv[0]): \(String(cString: strerror(spawned)))")
    }
    var output: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
      if count > 0 {
        // Output read and dropped keeps the bench small: a child spawned later reports the
        // bench's own peak as its start (Linux records the parent's high-water mark at exec).
        if keepOutput { output += buffer[0..<count] }
      } else if count < 0, errno == EINTR {
        continue
      } else {
        break
      }
    }
    close(fds[0])
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0, errno == EINTR {}
    let wall = ContinuousClock.now - start
    #if os(Linux)
      let peak = Double(usage.ru_maxrss) / 1024  // KiB on Linux
    #else
      let peak = Double(usage.ru_maxrss) / (1024 * 1024)
    #endif
    let cpu = [usage.ru_utime, usage.ru_stime].reduce(0) { $0 + Double($1.tv_sec) + Double($1.tv_usec) / 1e6 }
    return Result(status: status, output: output, wall: wall, peakMiB: peak, cpu: cpu)
  }

  static func currentEnvironment() -> [String] {
    var result: [String] = []
    var pointer = environ
    while let entry = pointer.pointee {
      result.append(String(cString: entry))
      pointer += 1
    }
    return result
  }
}
