import ArgumentParser

/// The `gwsh` command line.
struct GatewayShellCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gwsh",
    abstract: "The gateway shell: compose requests, dispatch them to a WSGI app, see everything it did.",
    subcommands: [ReplCommand.self, AppsCommand.self, CGICommand.self],
    defaultSubcommand: ReplCommand.self
  )
}
