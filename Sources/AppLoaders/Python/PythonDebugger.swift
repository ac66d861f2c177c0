import Synchronization

/// Where pdb, opened by `breakpoint()` or `pdb.set_trace()` in a Python app,
/// reads its commands and shows what it prints: the shell's terminal.
///
/// What pdb prints while a command runs comes in pieces, as it is printed; the rest comes with
/// its next prompt. A console shows each piece and lets it go, so a long output costs no more
/// memory than a piece.
public protocol DebuggerConsole: Sendable {
  /// Shows `output` (what pdb printed since the last piece, ending with its prompt) and reads one line.
  /// - Returns: The line with its newline; `"q\n"` to give up the request; `""` at end of input.
  func debuggerLine(output: String) -> String
  /// Shows a piece of what pdb prints while the command typed at its prompt runs (UTF-8).
  func debuggerOutput(_ piece: [UInt8])
  /// pdb let the app go on (`c`, `n`, `q`): what it printed for the last command has all come.
  func debuggerLeft()
  /// Whether the person pressed Ctrl-C since the last command was typed. Asked while pdb runs
  /// that command; a Ctrl-C answered `true` is spent on it, and does not stop the request.
  func takeInterrupt() -> Bool
}

/// The process's debugger console. A worker started while one is set opens pdb
/// at a breakpoint; without one (`gwsh run`, a pipe) a breakpoint raises, naming
/// the file and line, so a request never waits for input nobody can type.
public enum PythonDebugger {
  private static let current = Mutex<(any DebuggerConsole)?>(nil)
  /// The app whose request raised last, for ``postMortem()``; it is gone once reloaded or unloaded.
  private static let lastRaised = Mutex<WeakApplication?>(nil)

  /// The console; the shell sets it when it reads from a terminal.
  public static var console: (any DebuggerConsole)? {
    get { current.withLock { $0 } }
    set { current.withLock { $0 = newValue } }
  }

  static func raised(in application: PythonApplication) {
    lastRaised.withLock { $0 = WeakApplication(application: application) }
  }

  /// `debug`: opens pdb post-mortem, at the shell's console, on the exception the last
  /// Python request that raised left behind.
  /// - Returns: Why there is nothing to debug, or `nil` once pdb ended (`q`).
  public static func postMortem() -> String? {
    guard let console else { return "debug needs a terminal: pdb reads its commands there" }
    guard let raised = lastRaised.withLock({ $0 }) else {
      return "no Python request has raised yet; debug opens pdb on the last exception a Python app raised"
    }
    guard let application = raised.application else {
      return "the app whose request raised was reloaded or unloaded since; nothing is left to debug"
    }
    return application.postMortem(console: console)
  }

  private static let profiling = Mutex<(armed: Bool, report: String?)>((false, nil))

  /// `profile REQUEST`: the next Python request runs under cProfile.
  public static func profileNextRequest() { profiling.withLock { $0 = (true, nil) } }

  /// The profile of the request run after ``profileNextRequest()``; `nil` when no Python app ran it.
  public static func takeProfile() -> String? {
    profiling.withLock { state in
      defer { state = (false, nil) }
      return state.report
    }
  }

  static func takeProfileRequest() -> Bool {
    profiling.withLock { state in
      defer { state.armed = false }
      return state.armed
    }
  }

  static func storeProfile(_ report: String) { profiling.withLock { $0.report = report } }
}

struct WeakApplication: @unchecked Sendable {
  weak var application: PythonApplication?
}
