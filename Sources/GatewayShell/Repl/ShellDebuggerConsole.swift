import AppLoaders
import Synchronization

/// pdb at gwsh's prompt: what pdb prints is shown terminal-safe, and each command is
/// read with readline (editing, history) at pdb's own `(Pdb) ` prompt.
///
/// It is called on the thread that runs the app, while the shell's thread waits
/// for the dispatch: only one of them uses the terminal at a time.
final class ShellDebuggerConsole: DebuggerConsole, @unchecked Sendable {
  private let input: any LineInput
  private let output: any TextOutput
  private let prompting = Mutex<(@Sendable () -> Void)?>(nil)

  /// Runs before pdb prints: the shell's live view shows what came of the response so far
  /// (a generator's first chunks), so that it stands above pdb's frame and prompt. Set by the
  /// shell's thread, run on the app's.
  var beforePrompt: (@Sendable () -> Void)? {
    get { prompting.withLock { $0 } }
    set { prompting.withLock { $0 = newValue } }
  }

  init(input: any LineInput, output: any TextOutput) {
    self.input = input
    self.output = output
  }

  func debuggerLine(output printed: String) -> String {
    beforePrompt?()
    // pdb's prompt is what follows its last newline.
    let start = printed.lastIndex(of: "\n").map { printed.index(after: $0) } ?? printed.startIndex
    let shown = printed[..<start]
    // Controls are escaped, but backslashes show as pdb printed them: its reprs and the
    // app's source are full of them (`'\\d+'`, `"\r\n"`), and doubled they would read as
    // something the app never held. Python's reprs escape controls themselves, so an
    // escape here is rare: it comes from the app's own print.
    if !shown.isEmpty { output.write(TerminalText.escape(String(shown), multiline: true)) }
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
