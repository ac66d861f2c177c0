import AppLoaders
import ArgumentParser
import Foundation
import Gateway

/// The options the shell and `gwsh run` share: how long a dispatch may take
/// and which interpreter runs Python apps.
struct DispatchOptions: ParsableArguments {
  @Option(help: "How long one dispatch may take, in seconds, before the app is stopped.")
  var timeout: Double = 30

  @Option(help: "The Python interpreter for python: apps.")
  var python: String = "python3"

  func validate() throws {
    guard timeout > 0, timeout.isFinite else {
      throw ValidationError("--timeout expects a positive number of seconds, such as 30 or 2.5; got \(timeout)")
    }
  }

  /// The timeout as a duration.
  var dispatchTimeout: Duration { .milliseconds(Int(timeout * 1000)) }

  /// A resolver that loads built-in apps, CGI programs and Python apps, relative to the current directory.
  func resolver(cancellation: CancellationFlag? = nil) -> LoaderResolver {
    let options = LoadOptions(workingDirectory: FileManager.default.currentDirectoryPath, python: python)
    return LoaderResolver(
      loader: AppLoader(options: options, builtins: ShellConfiguration.apps), cancellation: cancellation)
  }
}
