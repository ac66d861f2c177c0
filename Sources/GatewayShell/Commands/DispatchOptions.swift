import AppLoaders
import ArgumentParser
import Gateway
import Platform

/// The options the shell and `gwsh run` share: how long a dispatch may take,
/// how large a body may grow, and which interpreter runs Python apps.
struct DispatchOptions: ParsableArguments {
  /// The timeout when none is given, in seconds.
  static let defaultTimeout: Double = 30
  /// The body limit when none is given: 1 GiB, more than any page or download a debugger is shown,
  /// and a few seconds of an app that writes without end, so the disk is not filled first.
  static let defaultMaxBody = 1 << 30
  /// The interpreter when none is given.
  static let defaultPython = "python3"

  @Option(help: "How long one dispatch may take, in seconds, before the app is stopped.")
  var timeout: Double = Self.defaultTimeout

  @Option(
    name: .customLong("max-body"),
    help: ArgumentHelp(
      "The largest response body kept, in bytes (suffixes K, M, G: 64M, 1G), before the app is stopped.",
      valueName: "bytes"))
  var maxBody: BodyLimit = BodyLimit(bytes: Self.defaultMaxBody)

  @Option(help: "The Python interpreter for python: apps.")
  var python: String = Self.defaultPython

  func validate() throws {
    guard timeout > 0, timeout.isFinite else {
      throw ValidationError("--timeout expects a positive number of seconds, such as 30 or 2.5; got \(timeout)")
    }
  }

  /// The timeout as a duration.
  var dispatchTimeout: Duration { Self.duration(seconds: timeout) }

  /// `seconds` as a duration.
  static func duration(seconds: Double) -> Duration { .milliseconds(Int(seconds * 1000)) }

  /// The loader of built-in apps, CGI programs and Python apps, relative to the current directory.
  func loader(cancellation: CancellationFlag? = nil) -> AppLoader {
    Self.loader(python: python, cancellation: cancellation)
  }

  /// The loader of built-in apps, CGI programs and Python apps (with `python`), relative to the current directory.
  static func loader(python: String, cancellation: CancellationFlag? = nil) -> AppLoader {
    let options = LoadOptions(workingDirectory: FileSystem.workingDirectory, python: python)
    return AppLoader(options: options, builtins: ShellConfiguration.apps, cancellation: cancellation)
  }
}

/// A byte count given on the command line, such as `1048576`, `64M` or `1G`.
struct BodyLimit: ExpressibleByArgument, Sendable {
  let bytes: Int

  init(bytes: Int) { self.bytes = bytes }

  init?(argument: String) {
    guard let bytes = ByteCount.parse(argument), bytes > 0 else { return nil }
    self.bytes = bytes
  }

  var defaultValueDescription: String { "1G" }
}
