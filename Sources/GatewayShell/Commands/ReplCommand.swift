import ArgumentParser
import Gateway
import Platform
import Session

/// `gwsh [APP...]`: the interactive shell, or commands read from standard input.
struct ReplCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "repl",
    abstract: "Compose requests at a prompt, dispatch them and see everything the app did (the default).",
    discussion: """
      Each APP is loaded as 'load APP' would; with none, the demo app is loaded. With standard input \
      not a terminal, commands are read from it without prompts or colours, and the exit status is 1 \
      when a line failed or an expectation did not hold. The session is journaled under \
      $XDG_STATE_HOME/gwsh/journal/ (default ~/.local/state/gwsh/journal/).
      """
  )

  @Argument(help: "Apps to load: a built-in name, cgi:PATH or python:MODULE:CALLABLE.")
  var apps: [String] = []

  @OptionGroup var dispatch: DispatchOptions

  @Flag(help: "Import Python apps again when a .py file under the working directory changes.")
  var reload = false

  func run() throws {
    let failed = Self.start(
      apps: apps, timeout: dispatch.dispatchTimeout, maxBody: dispatch.maxBody.bytes, python: dispatch.python,
      reload: reload)
    if failed { throw ExitCode(1) }
  }

  /// Runs the shell.
  /// - Returns: Whether a line failed or an expectation did not hold, when reading from a pipe.
  static func start(
    apps: [String], timeout: Duration, maxBody: Int = DispatchOptions.defaultMaxBody, python: String,
    reload: Bool = false
  ) -> Bool {
    let session = ShellSession(
      environment: ProcessEnvironment.dictionary,
      loader: DispatchOptions.loader(python: python, cancellation: Interrupts.cancellation),
      timeout: timeout, maxBody: maxBody, reload: reload)
    return session.run(loading: apps.isEmpty ? ["demo"] : apps)
  }

  /// Whether `arguments` are only apps to load, so the shell can start without
  /// the argument parser: parsing even an empty command line reflects over every
  /// command and option, which cost as much as the rest of a start.
  ///
  /// Anything else (an option, a subcommand, help) goes through the parser.
  static func takesOnlyApps(_ arguments: [String]) -> Bool {
    guard let first = arguments.first else { return true }
    return !subcommandNames.contains(first) && !arguments.contains { $0.hasPrefix("-") }
  }

  /// The words the parser takes for a subcommand in the first place.
  static let subcommandNames: Set<String> = ["repl", "run", "apps", "cgi", "help", "import"]

  /// The subcommands a first APP is checked against: those typed with files or an app after them.
  static let mistypableSubcommands = ["run", "import", "cgi", "apps"]

  /// The subcommand the first argument is most likely a slip for, as `rn` in `gwsh rn x.gws`: loaded
  /// as an app, it would only fail, and the files after it would be taken for apps too.
  /// - Returns: `nil` when `word` is a subcommand or an option, names a built-in app, is a `cgi:` or
  ///   `python:` spec, or is more than two letters from every subcommand; `run` for a session or
  ///   `.http` file, `import` for a HAR.
  static func mistypedSubcommand(_ word: String) -> String? {
    guard !subcommandNames.contains(word), !word.hasPrefix("-"), !word.contains(":"),
      !ShellConfiguration.apps.contains(where: { $0.name == word })
    else { return nil }
    // A file named where an app goes: a session or .http file is run, a HAR imported.
    let lowered = word.lowercased()
    if [".gws", ".http", ".rest"].contains(where: { lowered.hasSuffix($0) }) { return "run" }
    if lowered.hasSuffix(".har") { return "import" }
    let scored = mistypableSubcommands.map { ($0, word.lowercased().editDistance(to: $0)) }
    guard let (command, distance) = scored.min(by: { $0.1 < $1.1 }), distance <= 2 else { return nil }
    return command
  }
}
