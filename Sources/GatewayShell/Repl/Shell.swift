import AppLoaders
import Gateway
import Platform
import Session

/// The read-eval-print loop: reads a line (and its here-document), runs it on
/// the session engine, shows what happened, and journals it.
///
/// It never ends on a bad line; only `quit`, the end of input (Ctrl-D) or a
/// failure to read ends it.
final class Shell {
  let engine: SessionEngine
  let input: any LineInput
  let output: any TextOutput
  let style: TerminalStyle
  let journal: Journal?
  /// How many body lines make a screenful.
  var screenLines: Int
  /// The names `load` completes, besides `cgi:` and `python:`.
  let appNames: [String]
  /// Environ keys and header names this session used, offered by Tab after the standard ones.
  private var learnedEnvironKeys: [String] = []
  private var learnedHeaderNames: [String] = []
  /// pdb's console at this shell's terminal, when it reads from one.
  private var debuggerConsole: ShellDebuggerConsole?
  /// Measures the terminal before each statement, so a resized window gets screenfuls of its new size.
  var measureScreenLines: (() -> Int)?
  /// Measures the terminal's width before each statement, for the engine to wrap `help` to;
  /// `nil` leaves the engine's width as it is.
  var measureColumns: (() -> Int)?
  /// How many lines failed and expectations did not hold.
  private(set) var failures = 0
  /// The working directory: what relative paths typed at the prompt mean.
  var directory = FileSystem.workingDirectory
  /// Where the live view starts printing a slow response's chunks.
  var liveAfter: Duration = .milliseconds(150)
  /// With `--reload`: the `.py` files under the working directory, watched for changes.
  var watcher: DirectoryWatcher?

  /// Creates a shell.
  /// - Parameters:
  ///   - engine: Runs the statements.
  ///   - input: Where lines come from.
  ///   - output: Where everything is printed.
  ///   - style: Colours, or none.
  ///   - journal: Where the session is written as it happens; `nil` for none.
  ///   - appNames: The app names `load` completes.
  ///   - screenLines: How many body lines make a screenful.
  init(
    engine: SessionEngine, input: any LineInput, output: any TextOutput, style: TerminalStyle, journal: Journal?,
    appNames: [String], screenLines: Int = 40
  ) {
    self.engine = engine
    self.input = input
    self.output = output
    self.style = style
    self.journal = journal
    self.appNames = appNames
    self.screenLines = screenLines
    engine.limits.cancellation = Interrupts.cancellation
    // breakpoint() in a Python app opens pdb here; without a terminal it raises instead.
    if input is ReadlineInput {
      let console = ShellDebuggerConsole(input: input, output: output, style: style)
      debuggerConsole = console
      PythonDebugger.console = console
    }
  }

  /// Runs lines until the input ends or `quit`.
  func run() {
    if input.isLineEditor { input.update(completer: completer) }
    while true {
      Interrupts.cancellation.reset()
      switch read(prompt: prompt) {
      case .end: return
      case .interrupted: continue
      case .line(let line):
        guard let text = readStatementText(startingWith: line) else { continue }
        if !execute(text) { return }
        if input.isLineEditor { input.update(completer: completer) }
      }
    }
  }

  /// Reads a line; what output and the journal hold goes out first when the line is not there yet,
  /// so nothing waits in memory while the shell waits for the user or a pipe.
  private func read(prompt: String) -> InputEvent {
    if !input.hasLineReady {
      journal?.flush()
      output.flush()
    }
    return input.read(prompt: prompt)
  }

  /// The prompt: the current app's name. Readline needs the colour codes bracketed by \001 and \002.
  var prompt: String {
    guard input.isInteractive else { return "" }
    let name = engine.currentAppName.map { TerminalText.escape($0) } ?? "gwsh"
    guard style.colours else { return name + "> " }
    return "\u{1}\u{1b}[1;36m\u{2}" + name + "\u{1}\u{1b}[0m\u{2}> "
  }

  /// The line with its here-document, or `nil` when there is nothing to run.
  func readStatementText(startingWith line: String) -> String? {
    let trimmed = line.trimmingSpaces
    guard !trimmed.isEmpty else { return nil }
    // Piped lines have no history: redacting each for one would be a good part of a request's cost.
    if input.isLineEditor { input.remember(SecretFields.historyLine(line, redactedHeaders: engine.headersToRedact)) }
    guard let terminator = SessionParser.hereDocumentTerminator(in: line) else {
      return SessionParser.continuesOnNextLine(line) ? readContinuation(of: line) : line
    }
    // The lines of a here-document are text, where Tab is a tab.
    if input.isLineEditor {
      var quiet = completer
      quiet.isEnabled = false
      input.update(completer: quiet)
    }
    defer { if input.isLineEditor { input.update(completer: completer) } }
    var lines = [line]
    while true {
      switch read(prompt: input.isInteractive ? "… " : "") {
      case .line(let next):
        lines.append(next)
        if next.trimmingSpaces == terminator { return lines.joined(separator: "\n") }
      case .interrupted:
        output.write(style.paint("the here-document was abandoned; nothing was run", .dim) + "\n")
        return nil
      case .end:
        output.write(style.paint("the input ended inside the here-document; it was not run", .yellow) + "\n")
        return nil
      }
    }
  }

  /// A curl command continued over more lines (a trailing `\\`, an open quote), read until it is whole.
  func readContinuation(of line: String) -> String? {
    var text = line
    while SessionParser.continuesOnNextLine(text) {
      switch read(prompt: input.isInteractive ? "… " : "") {
      case .line(let next): text += "\n" + next
      case .interrupted:
        output.write(style.paint("the continued command was abandoned; nothing was run", .dim) + "\n")
        return nil
      case .end:
        // Parsed as it stands, so the error says what it still lacked.
        return text
      }
    }
    return text
  }

  /// Runs the text of one statement; returns `false` when the shell should end.
  @discardableResult
  func execute(_ text: String) -> Bool {
    if text.trimmingSpaces == "exit" { return execute("quit") }
    let statements: [Statement]
    do {
      // Paths resolve against the working directory now, so the journal can name them absolutely.
      statements = try SessionParser.parse(text, directory: directory)
    } catch {
      journal?.append(text.split(separator: "\n", omittingEmptySubsequences: false).map { "# (did not parse) " + $0 })
      output.write(EventRenderer(style: style).error(error))
      failures += 1
      return true
    }
    for statement in statements {
      if !run(statement) { return false }
    }
    return true
  }

  /// Whether a statement dispatches, and so may run for long or never return.
  private static func dispatches(_ command: Command) -> Bool {
    switch command {
    case .request, .send: return true
    default: return false
    }
  }

  /// Runs one parsed statement and shows its events; returns `false` on `quit`.
  private func run(_ statement: Statement) -> Bool {
    if let measureScreenLines { screenLines = measureScreenLines() }
    if let measureColumns { engine.helpWidth = measureColumns() }
    // Read once: each read of a statement's command copies the whole command.
    let command = statement.command
    if command == .debug {
      // pdb runs in the Python worker; the shell only lends it the terminal.
      journal?.append(text: journalText(statement, []))
      if let problem = PythonDebugger.postMortem() {
        // Nothing was debugged: piped, that fails the run as a line that could not run does.
        failures += 1
        output.write(style.paint("debug: " + TerminalText.escape(problem), .yellow) + "\n")
      }
      return true
    }
    let renderer = exchangeRenderer
    let live = LiveView(renderer: renderer, output: output, liveAfter: liveAfter)
    // What came of a response before a breakpoint stops the app goes above pdb's prompt, not over it.
    debuggerConsole?.beforePrompt = { live.showBeforeDebugger() }
    defer { debuggerConsole?.beforePrompt = nil }
    // A dispatch is on disk before it runs, so one that never returns still leaves its line in the journal.
    // Anything else is written once it worked, so the journal replays; a failed line becomes a comment.
    let early = Self.dispatches(command)
    // A recorded response held for the next request's line goes out now if this line is something
    // else, which may take long (an import): a shell killed meanwhile keeps it.
    if !early { journal?.flush() }
    if early { reloadChangedApps() }
    if early { journal?.append(text: journalText(statement, [])) }
    if case .profile = command { PythonDebugger.profileNextRequest() }
    // Each response is shown as its dispatch ends: a sourced file's requests one after another, each
    // with its summary, rather than every summary once the file ended.
    let sink = ShellEventSink(shell: self, live: live, renderer: renderer)
    engine.execute(statement, observer: live, each: sink.receive)
    let events = sink.events
    _ = live.finish()
    if early { journalDispatchOutcome(statement, events) }
    defer { if case .profile = command { showProfile() } }
    if !early, command != .quit { journal?.append(text: journalText(statement, events)) }
    // Held for the next request's line, which then goes out with it in one write (a piped session's
    // next line is there already); the next read writes it when it must wait.
    for case .recorded(let recorded) in events { journal?.hold(text: recorded.text) }
    learn(from: command, events)
    // A Ctrl-C that stopped the dispatch, or the printing of a long body, is spent; it must not clear
    // the next line typed.
    _ = Interrupts.take()
    Interrupts.cancellation.reset()
    return !events.contains { if case .quit = $0 { true } else { false } }
  }

  /// Shows one event of a statement as it comes; a response with what the live view
  /// already printed of it (`shown`).
  func show(_ event: SessionEvent, alreadyShown shown: LiveProgress, renderer: ExchangeRenderer) {
    // The terminal echoed a Ctrl-C that stopped the dispatch (or a load) as ^C in the middle of the
    // output, so what follows starts on a line of its own.
    if Interrupts.take(), input.isInteractive { output.write("\n") }
    switch event {
    case .dispatched(let record):
      var renderer = renderer
      renderer.alreadyShown = shown
      if record.hop > 0 {
        output.write(
          style.paint("→ followed the redirect: \(TerminalText.escape(record.request.target))", .dim) + "\n")
      }
      renderer.write(record.exchange, to: output)
      // A dispatch that timed out, was stopped or crashed fails piped commands, as it fails `gwsh run`.
      if record.exchange.outcome.unfinished != nil { failures += 1 }
    case .recorded, .quit:
      // The journal takes the recorded response once the statement's own line is written.
      break
    case .error:
      failures += 1
      show(event)
    case .expectation(let result) where !result.passed:
      failures += 1
      show(event)
    default:
      show(event)
    }
  }

  /// With `--reload`: when a `.py` file changed since the last request, the Python apps are
  /// imported again before this one, and the reload is shown before its output.
  private func reloadChangedApps() {
    guard let changed = watcher?.takeChangedFiles(), !changed.isEmpty else { return }
    let names = engine.reloadableAppNames
    guard !names.isEmpty else { return }
    let files = changed.map { $0.hasPrefix(directory + "/") ? String($0.dropFirst(directory.count + 1)) : $0 }
    let shown = files.prefix(3).joined(separator: ", ") + (files.count > 3 ? " and \(files.count - 3) more" : "")
    output.write(style.paint("\(TerminalText.escape(shown)) changed: reloading", .dim) + "\n")
    for name in names {
      guard let statement = try? SessionParser.parse("reload " + name).first else { continue }
      for event in engine.execute(statement, observer: nil) {
        if case .error = event { failures += 1 }
        show(event)
      }
    }
  }

  /// After `profile REQUEST`: the app's hottest functions, below the exchange and its timings.
  private func showProfile() {
    guard let report = PythonDebugger.takeProfile() else {
      output.write(style.paint("profile: only a Python app is profiled; this request went to another", .yellow) + "\n")
      return
    }
    output.write("\n" + style.paint("── profile (cProfile) ──", .dim) + "\n")
    output.write(TerminalText.escape(Array(report.utf8)))
  }

  var exchangeRenderer: ExchangeRenderer {
    var renderer = ExchangeRenderer(style: style, screenLines: screenLines)
    renderer.decodeLimit = engine.limits.responseLimit
    renderer.shouldStop = { Interrupts.pending.load(ordering: .relaxed) }
    return renderer
  }

  /// What Tab completes now.
  var completer: Completer {
    var completer = Completer(commands: SessionParser.commandNames + ["exit"], appNames: appNames)
    completer.loadedNames = engine.appNames
    completer.environKeys += learnedEnvironKeys.filter { !completer.environKeys.contains($0) }
    completer.headerNames += learnedHeaderNames.filter { !completer.headerNames.contains($0) }
    return completer
  }

  /// Remembers the keys and header names a statement that worked used, for Tab to offer.
  private func learn(from command: Command, _ events: [SessionEvent]) {
    guard !events.contains(where: { if case .error = $0 { return true } else { return false } }) else { return }
    switch command {
    case .set(let key, _), .unset(let key):
      if !learnedEnvironKeys.contains(key) { learnedEnvironKeys.append(key) }
    case .header(let name, _):
      if !learnedHeaderNames.contains(name) { learnedHeaderNames.append(name) }
    default:
      break
    }
  }
}
