import AppLoaders
import Gateway
import Platform
import Session

/// Sets up one run of the REPL from the process: readline on a terminal or
/// plain lines from a pipe, colours when they belong, the history file and
/// the journal, then runs the shell.
struct ShellSession {
  let environment: [String: String]
  let loader: AppLoader
  let timeout: Duration
  /// The largest response body accepted before the app is stopped.
  var maxBody: Int? = 1 << 30
  /// `--reload`: Python apps are imported again when a `.py` file under the working directory changes.
  var reload = false

  /// Runs the shell until the input ends.
  /// - Parameter specs: Apps to load first, each as `load SPEC` would.
  /// - Returns: Whether a line failed or an expectation did not hold, when reading from a pipe.
  func run(loading specs: [String]) -> Bool {
    let interactive = Terminal.isTerminal(Terminal.input)
    let outputIsTerminal = Terminal.isTerminal(Terminal.output)
    let style = TerminalStyle.detect(isTerminal: outputIsTerminal, environment: environment)
    // Piped in and out: responses go out many to a write (TerminalOutput says when each is due).
    let output =
      interactive || outputIsTerminal ? .standard : TerminalOutput(descriptor: Terminal.output, holding: true)
    let engine = SessionEngine(loader: loader, timeout: timeout)
    engine.limits.responseLimit = maxBody

    var state: StateDirectory?
    do {
      let directory = try StateDirectory.resolve(environment: environment)
      try StateDirectory.create(directory.bodiesFolder)
      try StateDirectory.create(directory.childrenFolder)
      state = directory
    } catch {
      TerminalOutput.standardError.write("gwsh: \(error); the session is not journaled\n")
    }
    if let children = state?.childrenFolder {
      // What a killed shell left running stops before anything new starts.
      ChildLedger.stopAbandoned(in: children)
      ChildLedger.keep(in: children)
    }
    // A signal that ends the shell removes its bodies and writes out what is held first; Ctrl-C at the
    // prompt does not end it.
    ExitCleanup.install(
      signals: interactive
        ? [Signals.terminate, Signals.hangUp] : [Signals.terminate, Signals.hangUp, Signals.interrupt])
    ExitCleanup.beforeExit { output.flush() }
    if let bodies = state?.bodiesFolder {
      FileSpill.removeAbandoned(in: bodies)
      // Bodies past the in-memory head go to disk, so `show response --full` can print them whole.
      engine.limits.capture.makeSpill = { try? FileSpill(directory: bodies) }
    }
    var journal: Journal?
    if let state {
      do {
        let opened = try Journal(folder: state.journalFolder, header: [Journal.sessionHeader])
        ExitCleanup.beforeExit { opened.flush() }
        journal = opened
      } catch {
        TerminalOutput.standardError.write("gwsh: \(error); the session is not journaled\n")
      }
    }
    // The journal of a session that did not end is named at the start, and so kept.
    var unended: String?
    if let journal, let state {
      let journals = JournalFolder(path: state.journalFolder)
      unended = journals.unended(except: journal.path)
      journals.removeOld(keeping: [journal.path, unended].compactMap { $0 })
    }

    let names = ShellConfiguration.apps.map(\.name)
    let input: any LineInput
    if interactive {
      Interrupts.install()
      input = ReadlineInput(
        historyPath: state?.historyPath, completer: Completer(commands: SessionParser.commandNames, appNames: names))
    } else {
      input = StandardInput()
    }
    let shell = Shell(
      engine: engine, input: input, output: output, style: style, journal: journal, appNames: names,
      screenLines: outputIsTerminal ? max(10, Self.terminalRows() - 8) : 40)
    // Help is wrapped to the window; piped, to 80 columns, as the argument parser wraps --help there.
    engine.helpWidth = Self.pipedColumns
    // A person sending a request again after an edit is told when its answer changed.
    engine.notesChangedAnswers = interactive
    if outputIsTerminal {
      shell.measureScreenLines = { max(10, Self.terminalRows() - 8) }
      shell.measureColumns = { Terminal.columns(of: Terminal.output) ?? Self.pipedColumns }
    }
    if interactive {
      output.write(
        style.paint("gwsh", .bold) + " — the gateway shell. 'help' lists the commands, Tab completes, Ctrl-D quits.\n")
      if let journal { output.write(style.paint("journal: " + TerminalText.escape(journal.path), .dim) + "\n") }
      if let unended {
        let path = TerminalText.escape(unended)
        output.write(
          style.paint("the last session did not end with quit or Ctrl-D; what was typed in it is in ", .yellow) + path
            + style.paint(" — 'source \(path)' runs it again", .yellow) + "\n")
      }
    }
    if reload { shell.watcher = DirectoryWatcher(directory: shell.directory, suffix: ".py") }
    for spec in specs { shell.execute("load " + spec) }
    shell.run()
    output.flush()
    journal?.markEnded()
    // Ctrl-D, quit, or the end of the piped commands: the last response's body goes with the shell.
    FileSpill.removeAll()
    return !interactive && shell.failures > 0
  }

  /// The width text is wrapped to when the output is no terminal.
  static let pipedColumns = 80

  /// The terminal's height in lines, or 24 when it cannot be asked.
  static func terminalRows() -> Int {
    Terminal.rows(of: Terminal.output) ?? 24
  }
}
