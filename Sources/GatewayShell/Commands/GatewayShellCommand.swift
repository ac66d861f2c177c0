import ArgumentParser

/// The `gwsh` command line.
struct GatewayShellCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gwsh",
    abstract: "The gateway shell: compose requests, dispatch them to a WSGI app, see everything it did.",
    usage: """
      gwsh [APP...] [--timeout SECONDS] [--python PATH] [--reload]
        gwsh run FILE... [--update] [--junit PATH] [--var NAME=VALUE] [--timeout SECONDS] [--jobs N]
        gwsh cgi APP
        gwsh apps
      """,
    subcommands: [ReplCommand.self, RunCommand.self, AppsCommand.self, CGICommand.self, ImportCommand.self],
    defaultSubcommand: ReplCommand.self
  )
}
