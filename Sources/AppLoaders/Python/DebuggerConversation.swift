/// The shell's side of pdb in the worker, for one request or one `debug`: what pdb prints goes
/// to the console as it comes, each request for a line is answered from it, and while pdb runs
/// a command typed at its prompt, Ctrl-C interrupts that command, as in a terminal, instead of
/// stopping the request.
struct DebuggerConversation {
  /// Where pdb is shown; `nil` once the shell let go of its terminal, which pdb reads as Ctrl-D.
  let console: (any DebuggerConsole)?
  /// Whether pdb runs a command typed at its prompt: from the line sent until pdb asks for the
  /// next one or lets the app go on.
  private(set) var commandRunning = false

  /// Shows what pdb printed and reads the next line at its prompt.
  func line(after output: String) -> String {
    console?.debuggerLine(output: output) ?? ""
  }

  /// Sends the line typed at pdb's prompt: pdb runs it from now on.
  mutating func send(_ line: String, to worker: PythonWorker) throws(WorkerFailure) {
    try worker.send(FrameType.debuggerLine.rawValue, payload: Array(line.utf8))
    commandRunning = true
  }

  /// Shows a piece of what the command prints.
  func show(_ piece: [UInt8], worker: PythonWorker) {
    console?.debuggerOutput(piece)
    // A long output comes without a pause, so the wait that looks for Ctrl-C may not run until it ends.
    _ = interruptIfAsked(worker)
  }

  /// pdb let the app go on: a Ctrl-C from now on stops the request again.
  mutating func left() {
    commandRunning = false
    console?.debuggerLeft()
  }

  /// Ctrl-C while pdb runs a command: the worker is sent SIGINT, and pdb catches the
  /// KeyboardInterrupt and asks for the next line, the app still stopped where it was.
  /// - Returns: Whether a Ctrl-C was spent so.
  func interruptIfAsked(_ worker: PythonWorker) -> Bool {
    guard commandRunning, let console, console.takeInterrupt() else { return false }
    worker.interrupt()
    return true
  }
}
