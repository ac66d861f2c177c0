@preconcurrency import CReadline
import Platform
import Synchronization

/// Lines typed at a terminal, edited with GNU readline: emacs keys, history
/// (Up/Down, Ctrl-R) kept in a file between runs, and Tab completion.
///
/// Readline must run on the main thread from synchronous code: other threads
/// block SIGINT, and Ctrl-C would never reach it.
final class ReadlineInput: LineInput {
  private let historyPath: String?
  private var lastRemembered: String?
  var isInteractive: Bool { true }

  /// Sets readline up.
  /// - Parameters:
  ///   - historyPath: The history file, read now and appended to after each line; `nil` keeps no file.
  ///   - completer: What Tab completes at first.
  init(historyPath: String?, completer: Completer) {
    self.historyPath = historyPath
    ReadlineState.completer.withLock { $0 = completer }
    rl_readline_name = UnsafePointer(strdup("gwsh"))
    // The shell's own SIGINT handler sets a flag; readline's would print ^C a second time.
    rl_catch_signals = 0
    rl_catch_sigwinch = 1
    rl_getc_function = readlineGetCharacter
    rl_attempted_completion_function = readlineComplete
    rl_completer_word_break_characters = UnsafePointer(strdup(" \t\n\"'@"))
    rl_variable_bind("revert-all-at-newline", "on")
    rl_variable_bind("editing-mode", "emacs")
    using_history()
    stifle_history(1000)
    if let historyPath {
      read_history(historyPath)
      using_history()
    }
  }

  func read(prompt: String) -> InputEvent {
    ReadlineState.interruptedTyping.store(false, ordering: .relaxed)
    guard let raw = readline(prompt) else {
      // Ctrl-D: readline leaves the cursor after the prompt.
      TerminalOutput.standard.write("\n")
      return .end
    }
    defer { free(raw) }
    if ReadlineState.interruptedTyping.load(ordering: .relaxed) { return .interrupted(typed: String(cString: raw)) }
    return .line(String(cString: raw))
  }

  var isLineEditor: Bool { true }

  func remember(_ line: String) {
    guard !line.allSatisfy({ $0 == " " || $0 == "\t" }), line != lastRemembered else { return }
    lastRemembered = line
    add_history(line)
    guard let historyPath else { return }
    // Appending one entry keeps what another gwsh wrote meanwhile; create the file first, as append requires it.
    FileSystem.createIfMissing(historyPath, mode: 0o600)
    append_history(1, historyPath)
    history_truncate_file(historyPath, 1000)
  }

  func update(completer: Completer) {
    ReadlineState.completer.withLock { $0 = completer }
  }
}

/// What readline's C callbacks read: they cannot capture context.
enum ReadlineState {
  static let completer = Mutex(Completer(commands: [], appNames: []))
  static let interruptedTyping = Atomic<Bool>(false)
}

/// Reads one key for readline. A Ctrl-C interrupts the read (the shell's SIGINT handler
/// has no SA_RESTART); the line typed so far is then given up: `^C` is shown, Enter is
/// handed to readline so it returns, and ``ReadlineInput/read(prompt:)`` reports the
/// interruption instead of the line. That ends a here-document too, which clearing
/// the line inside readline could not.
private func readlineGetCharacter(_ stream: UnsafeMutablePointer<FILE>?) -> Int32 {
  let descriptor = stream.map { fileno($0) } ?? Terminal.input
  while true {
    switch Terminal.readKey(from: descriptor) {
    case .byte(let byte): return Int32(byte)
    case .end: return EOF
    case .interrupted: break
    }
    guard Interrupts.take() else { continue }
    Interrupts.cancellation.reset()
    ReadlineState.interruptedTyping.store(true, ordering: .relaxed)
    rl_point = rl_end
    rl_redisplay()
    TerminalOutput.standard.write("^C")
    return 0x0A
  }
}

/// Readline's completion entry: returns the matches as a malloc'd, NULL-terminated
/// array whose first element is what replaces the word (their common prefix).
private func readlineComplete(
  _ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32
) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
  rl_attempted_completion_over = 1
  guard let text, let buffer = rl_line_buffer else { return nil }
  let word = String(cString: text)
  let line = Array(
    UnsafeBufferPointer(start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self), count: Int(start)))
  let before = String(decoding: line, as: UTF8.self)
  let completer = ReadlineState.completer.withLock { $0 }
  guard completer.isEnabled else {
    rl_insert(1, 0x09)
    return nil
  }
  let completions = completer.complete(word, after: before)
  guard let first = completions.matches.first else { return nil }
  if !completions.isFinished || first.hasSuffix("/") && completions.matches.count == 1 {
    rl_completion_suppress_append = 1
  }
  let common = completions.matches.dropFirst().reduce(first) { prefix, match in
    String(zip(prefix, match).prefix { $0 == $1 }.map(\.0))
  }
  let entries = completions.matches.count == 1 ? [first] : [common] + completions.matches
  // Readline frees the array with free(), so it comes from malloc.
  let size = MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * (entries.count + 1)
  guard let memory = malloc(size) else { return nil }
  let array = memory.bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: entries.count + 1)
  for (index, entry) in entries.enumerated() { array[index] = strdup(entry) }
  array[entries.count] = nil
  return array
}
