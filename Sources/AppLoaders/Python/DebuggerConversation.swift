/// The shell's side of pdb in the worker, for one request or one `debug`: what pdb prints goes
/// to the console as it comes, and each request for a line is answered from it.
struct DebuggerConversation {
  /// Where pdb is shown; `nil` once the shell let go of its terminal, which pdb reads as Ctrl-D.
  let console: (any DebuggerConsole)?

  /// Shows what pdb printed and reads the next line at its prompt.
  func line(after output: String) -> String {
    console?.debuggerLine(output: output) ?? ""
  }

  /// Sends the line typed at pdb's prompt: pdb runs it from now on.
  func send(_ line: String, to worker: PythonWorker) throws(WorkerFailure) {
    try worker.send(FrameType.debuggerLine.rawValue, payload: Array(line.utf8))
  }

  /// Shows a piece of what the command prints.
  func show(_ piece: [UInt8]) {
    console?.debuggerOutput(piece)
  }

  /// pdb let the app go on: what it printed for the last command has all come.
  func left() {
    console?.debuggerLeft()
  }
}
