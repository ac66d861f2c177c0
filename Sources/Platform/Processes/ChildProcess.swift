import CSystemShims
import Glibc

/// A child process the loader started in a process group of its own, so that
/// stopping it also stops whatever it started, and, when gwsh has a terminal,
/// in a session of its own, without it.
package final class ChildProcess: @unchecked Sendable {
  /// What to run and with what.
  package struct Configuration {
    /// The program: a path, or a name looked up on the parent's PATH.
    package var executable: String
    /// The arguments after the program name.
    package var arguments: [String] = []
    /// The whole environment of the child.
    package var environment: EnvironmentBlock
    /// The working directory, or `nil` to keep the parent's.
    package var workingDirectory: String?
    /// Descriptors of the parent placed at the child's descriptor numbers (0, 1, 2, 3, ...).
    package var descriptors: [(parent: Int32, child: Int32)]

    /// A configuration whose environment is `NAME=value` entries.
    package init(
      executable: String, arguments: [String] = [], environment: [String], workingDirectory: String?,
      descriptors: [(parent: Int32, child: Int32)]
    ) {
      self.init(
        executable: executable, arguments: arguments, environment: EnvironmentBlock(environment),
        workingDirectory: workingDirectory, descriptors: descriptors)
    }

    /// A configuration whose environment is already built.
    package init(
      executable: String, arguments: [String] = [], environment: EnvironmentBlock, workingDirectory: String?,
      descriptors: [(parent: Int32, child: Int32)]
    ) {
      self.executable = executable
      self.arguments = arguments
      self.environment = environment
      self.workingDirectory = workingDirectory
      self.descriptors = descriptors
    }
  }

  package let pid: pid_t
  package private(set) var termination: Termination?
  private var groupStopped = false
  /// A descriptor that becomes readable when the child ends (a pidfd), or -1 where the
  /// kernel or C library has none; then the wait falls back to short pauses.
  private var exitDescriptor: Int32

  private init(pid: pid_t) {
    self.pid = pid
    // The child cannot have been collected yet, so its pid still names it.
    exitDescriptor = gwsh_pidfd_open(pid)
  }

  deinit {
    stopGroup()
    closeExitDescriptor()
  }

  /// Starts a child. No shell runs in between: `arguments` reach the program as they are.
  /// - Throws: ``SpawnError`` when the program cannot be started.
  package static func spawn(_ configuration: Configuration) throws(SpawnError) -> ChildProcess {
    var configuration = configuration
    Signals.ignoreBrokenPipes()
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for (parent, child) in configuration.descriptors {
      posix_spawn_file_actions_adddup2(&actions, parent, child)
    }
    // After the copies: the child gets the descriptors it was given and no other.
    let lowestUnused = max(3, (configuration.descriptors.map(\.child).max() ?? 0) + 1)
    gwsh_spawn_file_actions_addclosefrom(&actions, lowestUnused)
    if let directory = configuration.workingDirectory {
      _ = gwsh_spawn_file_actions_addchdir(&actions, directory)
    }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    // A session of its own, so the child has no controlling terminal: it can neither
    // write over the REPL through /dev/tty nor receive the terminal's Ctrl-C, and its
    // process group (pgid = pid) can be killed whole. Without a terminal (a replay in
    // CI, a web server running `gwsh cgi`) there is none to keep it from, and a session
    // is a scheduler group of its own, about 25 µs a CGI request here: a process group
    // is then enough. Default signal handling and an empty mask: the child must not
    // inherit the shell's ignored SIGPIPE or blocked SIGINT.
    let common = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
    if !SpawnSymbols.hasControllingTerminal
      || posix_spawnattr_setflags(&attributes, gwsh_spawn_flag_setsid() | Int16(common)) != 0
    {
      // No terminal: a process group of its own.
      posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | common))
      posix_spawnattr_setpgroup(&attributes, 0)
    }
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attributes, &empty)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGCHLD, SIGHUP] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)

    let argv = ([configuration.executable] + configuration.arguments).map { strdup($0) } + [nil]
    defer {
      for pointer in argv { free(pointer) }
    }
    var pid: pid_t = 0
    let executable = configuration.executable
    let searchPath = !executable.utf8.contains(UInt8(ascii: "/"))
    let result = configuration.environment.withPointers { envp in
      searchPath
        ? posix_spawnp(&pid, executable, &actions, &attributes, argv, envp)
        : posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
    }
    guard result == 0 else {
      throw SpawnError(program: configuration.executable, reason: String(cString: strerror(result)))
    }
    ChildLedger.record(pid)
    return ChildProcess(pid: pid)
  }

  /// Collects the child's exit status if it has ended, without waiting.
  @discardableResult
  package func poll() -> Termination? {
    if let termination { return termination }
    var status: Int32 = 0
    let result = waitpid(pid, &status, WNOHANG)
    if result == pid {
      termination = Termination(waitStatus: status)
      closeExitDescriptor()
    }
    return termination
  }

  /// Waits for the child to end, until `deadline`.
  ///
  /// A CGI program has usually closed its output a moment before it can be
  /// collected. With a pidfd the wait wakes the moment the child ends; without
  /// one, the pauses between checks start at 20 µs and double up to 2 ms (a
  /// fixed 2 ms pause cost more than the whole spawn of a small script).
  package func wait(until deadline: ContinuousClock.Instant) -> Termination? {
    var pause: UInt32 = 20
    // Once the pidfd says the child ended, it stays readable; should the status still not
    // come (another part of the program collected the child), the pauses take over.
    var ended = false
    while poll() == nil {
      let remaining = deadline - .now
      guard remaining > .zero else { break }
      if exitDescriptor >= 0, !ended {
        var request = pollfd(fd: exitDescriptor, events: Int16(POLLIN), revents: 0)
        let (seconds, attoseconds) = remaining.components
        // Rounded up, so a wait never ends just short of the deadline with nothing done.
        let milliseconds = Int32(clamping: seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
        ended = Glibc.poll(&request, 1, milliseconds) > 0
      } else {
        usleep(pause)
        pause = min(pause * 2, 2_000)
      }
    }
    return termination
  }

  private func closeExitDescriptor() {
    guard exitDescriptor >= 0 else { return }
    close(exitDescriptor)
    exitDescriptor = -1
  }

  /// Sends the child itself SIGINT, as a terminal's Ctrl-C would, while it still runs. Only the
  /// child: it decides what the interrupt stops, and what it started keeps running.
  package func interrupt() {
    guard poll() == nil, !groupStopped else { return }
    _ = kill(pid, SIGINT)
  }

  /// Kills the child's whole process group and collects its status.
  ///
  /// The group is killed even after the child itself ended, so that what it
  /// left running (a background job, a forked helper) goes with it. The group id
  /// stays reserved while any member lives, and pids are not reused within the
  /// moment between collecting the child and this call.
  package func stopGroup() {
    guard !groupStopped else { return }
    groupStopped = true
    _ = kill(-pid, SIGKILL)
    // A killed group ends within milliseconds; the wait is bounded in case the kernel is slow.
    _ = wait(until: .now + .seconds(2))
    ChildLedger.forget(pid)
  }
}

/// How a child ended.
package enum Termination: Sendable, Equatable, CustomStringConvertible {
  case exited(Int32)
  case signaled(Int32)

  package init(waitStatus status: Int32) {
    let signal = status & 0x7f
    self = signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
  }

  package var description: String {
    switch self {
    case .exited(let code): return "exited with status \(code)"
    case .signaled(let signal): return "killed by \(Termination.signalName(signal))"
    }
  }

  /// The system's words for a signal ("Segmentation fault"), if it has some.
  package static func signalMeaning(_ signal: Int32) -> String? {
    strsignal(signal).map { String(cString: $0) }
  }

  package static func signalName(_ signal: Int32) -> String {
    let names: [Int32: String] = [
      SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP",
      SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGUSR1: "SIGUSR1",
      SIGSEGV: "SIGSEGV", SIGUSR2: "SIGUSR2", SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM", SIGTERM: "SIGTERM",
      SIGXCPU: "SIGXCPU", SIGXFSZ: "SIGXFSZ",
    ]
    return names[signal] ?? "signal \(signal)"
  }
}

/// A program that could not be started.
package struct SpawnError: Error, Sendable, CustomStringConvertible {
  package var program: String
  package var reason: String

  package var description: String { "could not start \(program): \(reason)" }
}

/// Facts about gwsh's process that decide how a child starts.
private enum SpawnSymbols {
  /// Whether gwsh has a controlling terminal that a child could open as /dev/tty.
  static let hasControllingTerminal: Bool = {
    let descriptor = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
    guard descriptor >= 0 else { return false }
    close(descriptor)
    return true
  }()
}
