import ArgumentParser
import Gateway
import GatewayApps
import Platform

/// The gateway shell as a library: a Swift program embeds it, with its own
/// apps next to the built-in ones, in a few lines.
///
/// ```swift
/// import Gateway
/// import GatewayApps
/// import GatewayShell
///
/// GatewayShell.main(apps: [
///   BuiltinApps.Entry(name: "hello", summary: "says hello", app: HelloApp())
/// ])
/// ```
///
/// The program then is a full `gwsh`: `load hello` at the prompt, `myprogram hello`,
/// `myprogram cgi hello` behind a web server, and `myprogram apps` all know the app.
public enum GatewayShell {
  /// Runs the `gwsh` command line and exits the process.
  ///
  /// Call it from the main thread of a synchronous `main.swift`: readline only
  /// receives Ctrl-C on the main thread.
  /// - Parameters:
  ///   - apps: Apps loadable by name, listed after the built-in ones; an app with a
  ///     built-in's name replaces it.
  ///   - arguments: The command-line arguments without the program name; `nil` for the process's own.
  public static func main(apps: [BuiltinApps.Entry] = [], arguments: [String]? = nil) -> Never {
    configure(apps: apps)
    let arguments = arguments ?? Array(CommandLine.arguments.dropFirst())
    if let first = arguments.first, let command = ReplCommand.mistypedSubcommand(first) {
      // Said before the parser runs: it would take the word for an app to load, and show the shell's
      // usage; this error shows the top-level one, which lists the subcommands.
      GatewayShellCommand.exit(
        withError: ValidationError(
          "'\(first)' is not an app or a command; did you mean 'gwsh \(command)'?"))
    }
    if ReplCommand.takesOnlyApps(arguments) {
      let failed = ReplCommand.start(
        apps: arguments, timeout: DispatchOptions.duration(seconds: DispatchOptions.defaultTimeout),
        python: DispatchOptions.defaultPython)
      ProcessEnvironment.exit(failed ? 1 : 0)
    }
    GatewayShellCommand.main(arguments)
    ProcessEnvironment.exit(0)
  }

  /// Makes `apps` loadable by name next to the built-in ones.
  static func configure(apps: [BuiltinApps.Entry]) {
    // `GWSH_NO_SPIN` makes every wait sleep at once: the core and the bridges read no settings themselves.
    if ProcessEnvironment.value(named: "GWSH_NO_SPIN") != nil { BriefSpin.nanoseconds = 0 }
    let names = Set(apps.map(\.name))
    ShellConfiguration.apps = BuiltinApps.all.filter { !names.contains($0.name) } + apps
  }
}
