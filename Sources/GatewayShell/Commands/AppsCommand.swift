import ArgumentParser
import GatewayApps

/// `gwsh apps`: the built-in apps, and any the embedding program added.
struct AppsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "apps", abstract: "List the built-in apps.")

  func run() {
    let apps = ShellConfiguration.apps
    let width = apps.map(\.name.count).max() ?? 0
    for entry in apps {
      print(entry.name + String(repeating: " ", count: width - entry.name.count + 2) + entry.summary)
    }
  }
}
