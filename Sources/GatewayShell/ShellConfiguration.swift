import GatewayApps
import Synchronization

/// What the program embedding the shell chose, read by the subcommands, which
/// ArgumentParser creates without arguments.
enum ShellConfiguration {
  private static let registered = Mutex<[BuiltinApps.Entry]>(BuiltinApps.all)

  /// The apps a bare name loads, `gwsh apps` lists and `gwsh cgi` serves.
  static var apps: [BuiltinApps.Entry] {
    get { registered.withLock { $0 } }
    set { registered.withLock { $0 = newValue } }
  }
}
