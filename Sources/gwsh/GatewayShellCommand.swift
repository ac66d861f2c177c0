import ArgumentParser
import Gateway
import GatewayApps

/// The `gwsh` command line.
struct GatewayShellCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gwsh",
    abstract: "The gateway shell: compose requests, dispatch them to a WSGI app, see everything it did.",
    subcommands: [AppsCommand.self, CGICommand.self]
  )
}

/// `gwsh apps`: the built-in apps.
struct AppsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "apps", abstract: "List the built-in apps.")

  func run() {
    let width = BuiltinApps.all.map(\.name.count).max() ?? 0
    for entry in BuiltinApps.all {
      print(entry.name + String(repeating: " ", count: width - entry.name.count + 2) + entry.summary)
    }
  }
}
