import AppLoaders
import Synchronization

/// pdb at gwsh's prompt: what pdb prints is shown terminal-safe as it comes, a long output cut
/// after its head (``DebuggerOutputCut``), and each command is read with readline (editing,
/// history) at pdb's own `(Pdb) ` prompt. Ctrl-C while a command runs interrupts it.
///
/// It is called on the thread that runs the app, while the shell's thread waits
/// for the dispatch: only one of them uses the terminal at a time.
final class ShellDebuggerConsole: DebuggerConsole, @unchecked Sendable {
  private let input: any LineInput
  private let output: any TextOutput
  private let style: TerminalStyle
  private let prompting = Mutex<(@Sendable () -> Void)?>(nil)
  /// What of the running command's output is shown. Only the app's thread uses it; the lock
  /// keeps that true should a second thread ever call.
  private let cut = Mutex(DebuggerOutputCut())

  /// Runs before pdb prints: the shell's live view shows what came of the response so far
  /// (a generator's first chunks), so that it stands above pdb's frame and prompt. Set by the
  /// shell's thread, run on the app's.
  var beforePrompt: (@Sendable () -> Void)? {
    get { prompting.withLock { $0 } }
    set { prompting.withLock { $0 = newValue } }
  }

  init(input: any LineInput, output: any TextOutput, style: TerminalStyle) {
    self.input = input
    self.output = output
    self.style = style
  }

  func debuggerOutput(_ piece: [UInt8]) {
    // A long first output (a frame whose source line is longer than a piece) comes before any prompt.
    beforePrompt?()
    let text = cut.withLock { $0.text(for: piece) }
    if !text.isEmpty { output.write(text) }
  }

  func debuggerLeft() {
    let text = cut.withLock { $0.finish(style: style) }
    if !text.isEmpty { output.write(text) }
  }

  func takeInterrupt() -> Bool {
    guard Interrupts.cancellation.isCancelled else { return false }
    // Spent on pdb's command: the request goes on, and the next line typed is not cleared.
    Interrupts.cancellation.reset()
    _ = Interrupts.take()
    cut.withLock { $0.interrupt() }
    // The terminal echoed ^C where the output was; pdb's word on the interrupt starts a line of its own.
    output.write("\n")
    return true
  }

  func debuggerLine(output printed: String) -> String {
    beforePrompt?()
    // pdb's prompt is what follows its last newline.
    let start = printed.lastIndex(of: "\n").map { printed.index(after: $0) } ?? printed.startIndex
    let shown = cut.withLock { cut in
      // After a Ctrl-C, what was on its way is left out, and what comes with the prompt is pdb's
      // own word on it (`*** KeyboardInterrupt`), shown after the line that says so.
      var text = cut.interrupted ? cut.finish(style: style) : ""
      text += cut.text(for: printed.utf8[..<start])
      return text + cut.finish(style: style)
    }
    if !shown.isEmpty { output.write(shown) }
    let prompt = printed[start...].isEmpty ? "(Pdb) " : String(printed[start...])
    while true {
      switch input.read(prompt: TerminalText.escape(prompt)) {
      case .line(let line):
        input.remember(line)
        return line + "\n"
      case .interrupted(let typed) where !typed.isEmpty:
        // A half-typed command is given up and pdb asks again, as at the shell's prompt;
        // Ctrl-C on an empty line is what leaves pdb.
        continue
      case .interrupted:
        return "q\n"
      case .end:
        return ""
      }
    }
  }
}
