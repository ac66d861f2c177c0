import ArgumentParser

/// The `gwsh` command line.
struct GatewayShellCommand: ParsableCommand {
  /// What `gwsh --version` prints after the name. The one place it is written.
  static let version = "0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "gwsh",
    abstract: "The gateway shell: compose requests, dispatch them to a WSGI app, see everything it did.",
    // README's Usage block, in lines that fit 80 columns after "USAGE: ": a usage given here is not wrapped.
    usage: """
      gwsh [APP...] [--timeout SECONDS] [--max-body BYTES] [--python PATH]
           [--reload]
      gwsh < commands.txt
      gwsh run FILE... [--update] [--junit PATH] [--var NAME=VALUE]
               [--app SPEC] [--jobs N] [--timeout SECONDS] [--max-body BYTES]
               [--python PATH]
      gwsh import FILE [--app SPEC]
      gwsh cgi APP [--timeout SECONDS]
      gwsh apps
      gwsh --version
      """,
    version: "gwsh \(version)",
    subcommands: [ReplCommand.self, RunCommand.self, AppsCommand.self, CGICommand.self, ImportCommand.self],
    defaultSubcommand: ReplCommand.self
  )
}
