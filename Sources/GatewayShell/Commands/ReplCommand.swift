import ArgumentParser
import Foundation
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

  func run() throws {
    let session = ShellSession(
      environment: ProcessInfo.processInfo.environment,
      resolver: dispatch.resolver(cancellation: Interrupts.cancellation),
      timeout: dispatch.dispatchTimeout)
    let failed = session.run(loading: apps.isEmpty ? ["demo"] : apps)
    if failed { throw ExitCode(1) }
  }
}
