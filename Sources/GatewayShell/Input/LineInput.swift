import Platform

/// What asking for a line gave.
enum InputEvent: Equatable, Sendable {
  /// A line, without its line feed.
  case line(String)
  /// The user pressed Ctrl-C while typing; nothing was entered. `typed` is the line given up.
  case interrupted(typed: String)
  /// The input ended (Ctrl-D on an empty line, or the end of a file).
  case end
}

/// Where the shell's lines come from: readline on a terminal, standard input
/// otherwise, or a script in tests. The shell's logic sees only this.
protocol LineInput: AnyObject {
  /// Whether prompts are shown; `false` for a pipe, where only responses are printed.
  var isInteractive: Bool { get }
  /// Whether the input is a line editor that keeps a history and completes with Tab: only
  /// then is it worth working out what to remember and what to complete.
  var isLineEditor: Bool { get }
  /// Whether the next ``read(prompt:)`` answers at once, without waiting for the user or a pipe:
  /// only then may output and the journal hold what they were given a moment longer.
  var hasLineReady: Bool { get }
  /// Reads one line.
  /// - Parameter prompt: What to show before the line, when interactive.
  func read(prompt: String) -> InputEvent
  /// Records a command line in the history, when the input keeps one.
  func remember(_ line: String)
  /// Updates what Tab completes, after a command changed the shell's state.
  func update(completer: Completer)
}

extension LineInput {
  var hasLineReady: Bool { false }
  var isLineEditor: Bool { false }
  func remember(_ line: String) {}
  func update(completer: Completer) {}
}

/// Lines given up front: what the shell's tests type.
final class ScriptedInput: LineInput {
  private var events: [InputEvent]
  /// Every prompt the shell showed, in order.
  private(set) var prompts: [String] = []
  /// The lines remembered for the history.
  private(set) var history: [String] = []
  /// The completer the shell last handed over.
  private(set) var completer: Completer?
  let isInteractive: Bool

  /// Creates a script.
  /// - Parameters:
  ///   - events: What each read returns, in order; `.end` after the last.
  ///   - isInteractive: Whether the shell should behave as at a terminal.
  init(_ events: [InputEvent], isInteractive: Bool = true) {
    self.events = events
    self.isInteractive = isInteractive
  }

  /// Creates a script of lines.
  convenience init(lines: [String], isInteractive: Bool = true) {
    self.init(lines.map(InputEvent.line), isInteractive: isInteractive)
  }

  func read(prompt: String) -> InputEvent {
    prompts.append(prompt)
    return events.isEmpty ? .end : events.removeFirst()
  }

  var isLineEditor: Bool { true }
  func remember(_ line: String) { history.append(line) }
  func update(completer: Completer) { self.completer = completer }
}

/// Standard input that is not a terminal: lines without prompts, echo or history.
final class StandardInput: LineInput {
  var isInteractive: Bool { false }
  /// Read with `read(2)`, not `Swift.readLine`: see ``LineReader``.
  private var reader = LineReader(Terminal.input)

  var hasLineReady: Bool { reader.hasLineReady }

  func read(prompt: String) -> InputEvent {
    guard var line = reader.nextLine() else { return .end }
    if line.last == UInt8(ascii: "\r") { line.removeLast() }
    return .line(String(decoding: line, as: UTF8.self))
  }
}
