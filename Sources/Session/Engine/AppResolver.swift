import Gateway
import GatewayApps

/// An app ready to dispatch to, as a resolver loaded it.
public struct ResolvedApp: Sendable {
  /// The name the app gets when `load` gives none (`demo`, or the program's file name).
  public var defaultName: String
  /// The application.
  public var app: any Application
  /// Releases what the app holds (a worker process); called when the session ends or the name is reused.
  public var shutdown: @Sendable () -> Void

  /// Creates a resolved app.
  /// - Parameters:
  ///   - defaultName: The name used when `load` gives none.
  ///   - app: The application.
  ///   - shutdown: Releases what the app holds.
  public init(defaultName: String, app: any Application, shutdown: @escaping @Sendable () -> Void = {}) {
    self.defaultName = defaultName
    self.app = app
    self.shutdown = shutdown
  }
}

/// Turns an app spec (`demo`, `cgi:./app.cgi`, `python:module:app`) into an app.
///
/// The session engine loads apps only through this protocol, so a shell can
/// plug in loaders for CGI programs and Python apps that the engine does not know.
public protocol AppResolver: Sendable {
  /// Loads the app a spec names.
  /// - Parameters:
  ///   - spec: The spec as written after `load`.
  ///   - directory: The folder of the session file, for a `cgi:PATH` relative to it; `nil` at the prompt.
  ///     A Python app is imported from the working directory either way.
  /// - Returns: The app and its default name.
  /// - Throws: An error whose description says why the spec could not be loaded.
  func resolve(_ spec: String, relativeTo directory: String?) throws -> ResolvedApp

  /// The folder a spec's relative path (`cgi:PATH`) is resolved against; with `nil`, the folder
  /// a Python app is imported from, which is the working directory in a session file too.
  /// - Parameter directory: The folder of the session file; `nil` at the prompt.
  func folder(relativeTo directory: String?) -> String
}

extension AppResolver {
  /// The session file's folder, or the working directory at the prompt.
  public func folder(relativeTo directory: String?) -> String { directory ?? FilePaths.workingDirectory }
}

/// Resolves the built-in apps (`gwsh apps` lists them) and nothing else.
public struct BuiltinAppResolver: AppResolver {
  /// Creates the resolver.
  public init() {}

  public func resolve(_ spec: String, relativeTo directory: String?) throws -> ResolvedApp {
    guard let entry = BuiltinApps.named(spec) else { throw UnknownBuiltinApp(spec: spec) }
    return ResolvedApp(defaultName: entry.name, app: entry.app)
  }
}

/// A spec that names no built-in app.
public struct UnknownBuiltinApp: Error, Sendable, CustomStringConvertible {
  /// The spec.
  public var spec: String

  public var description: String {
    "there is no built-in app named '\(spec)' (built in: \(BuiltinApps.all.map(\.name).joined(separator: ", ")))"
  }
}
