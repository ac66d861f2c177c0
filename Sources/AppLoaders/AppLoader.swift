import Gateway
import GatewayApps
import Platform

/// Turns an app spec (`demo`, `cgi:./app.cgi`, `python:module:app`) into an application
/// ready to dispatch to: the one loader the shell, `gwsh run` and the session engine use,
/// so that one mistake gets one error text wherever it is made.
///
/// ```swift
/// let loader = AppLoader(options: LoadOptions(workingDirectory: "/srv/shop"))
/// let loaded = try loader.load(AppSpec(parsing: "python:shop.wsgi:application"))
/// defer { loaded.shutdown() }
/// let exchange = Dispatcher().dispatchWatched(Request(method: "GET", target: "/"), to: loaded.app)
/// ```
public struct AppLoader: Sendable {
  /// How outside apps are started.
  public var options: LoadOptions
  private let builtins: [BuiltinApps.Entry]
  /// Set by Ctrl-C at the prompt: gives up waiting for a slow load (a Python app importing for long).
  public var cancellation: CancellationFlag?

  /// Creates a loader.
  /// - Parameters:
  ///   - options: How CGI programs and Python workers are started (default: from the working directory).
  ///   - builtins: The apps a bare name refers to; a program embedding the shell passes its own.
  ///   - cancellation: A flag that, once set, gives up waiting for a Python app's import.
  public init(
    options: LoadOptions = LoadOptions(workingDirectory: "."), builtins: [BuiltinApps.Entry] = BuiltinApps.all,
    cancellation: CancellationFlag? = nil
  ) {
    self.options = options
    self.builtins = builtins
    self.cancellation = cancellation
  }

  /// Loads the app a spec names, as `load SPEC` writes it.
  /// - Parameters:
  ///   - text: `NAME`, `cgi:PATH` or `python:MODULE:CALLABLE`.
  ///   - directory: The folder of the session file, for a `cgi:PATH` relative to it (as `@path` is);
  ///     `nil` at the prompt. A Python app is imported from the working directory either way.
  /// - Returns: The app; its ``AppSpec/defaultName`` names it when `load` gives no name.
  /// - Throws: ``LoadError`` saying what is wrong with the spec, what is missing, or what failed.
  public func load(_ text: String, relativeTo directory: String?) throws(LoadError) -> LoadedApp {
    var spec: AppSpec
    do {
      spec = try AppSpec(parsing: text)
    } catch {
      throw .badSpec(error)
    }
    if let directory { spec = spec.resolvingProgram(from: directory) }
    return try load(spec)
  }

  /// The folder a spec's relative path (`cgi:PATH`) is resolved against; with `nil`, the folder
  /// a Python app is imported from, which is the working directory in a session file too.
  /// - Parameter directory: The folder of the session file; `nil` at the prompt.
  public func folder(relativeTo directory: String?) -> String {
    directory ?? Self.absolute(options.workingDirectory)
  }

  /// Loads an app. A Python app is imported before this returns, so an import error shows here.
  /// - Parameter spec: What to load.
  /// - Returns: The app, with a way to stop what it keeps running.
  /// - Throws: ``LoadError`` saying what is missing or what failed, with the Python traceback for an import error.
  public func load(_ spec: AppSpec) throws(LoadError) -> LoadedApp {
    // Children run in directories of their own, so a relative base would point elsewhere for them.
    var options = self.options
    options.workingDirectory = Self.absolute(options.workingDirectory)
    switch spec {
    case .builtin(let name):
      guard let entry = builtins.first(where: { $0.name == name }) else {
        throw .unknownBuiltin(name: name, available: builtins.map(\.name))
      }
      return LoadedApp(spec: spec, app: entry.app)
    case .cgi(let path):
      let program = try Self.checkedProgram(path, in: options.workingDirectory)
      return LoadedApp(spec: spec, app: CGIApplication(program: program, options: options))
    case .python(let module, let callable):
      // The import runs on this thread and looks at the flag as it waits: on Ctrl-C the
      // worker, and whatever it started, is stopped at once, so nothing is left running.
      let cancellation = self.cancellation
      let app = try PythonApplication(
        options: options, module: module, callable: callable, shouldStop: { cancellation?.isCancelled ?? false })
      return LoadedApp(spec: spec, app: app, stop: { app.shutdown() })
    }
  }

  /// The program's absolute path, once it is known to be an executable file.
  private static func checkedProgram(_ path: String, in directory: String) throws(LoadError) -> String {
    let absolute = path.hasPrefix("/") ? path : join(directory, path)
    guard let kind = FileSystem.kind(of: absolute) else { throw .programMissing(path: path) }
    guard kind != .directory else { throw .programIsDirectory(path: path) }
    guard FileSystem.allows(.execute, absolute) else { throw .programNotExecutable(path: path) }
    return absolute
  }

  /// `path` (a folder or a file) made absolute against the process's current directory.
  static func absolute(_ directory: String) -> String {
    guard !directory.hasPrefix("/") else { return directory }
    let current = FileSystem.workingDirectory
    return directory.isEmpty || directory == "." ? current : join(current, directory)
  }

  static func join(_ directory: String, _ path: String) -> String {
    var trimmed = path
    while trimmed.hasPrefix("./") { trimmed.removeFirst(2) }
    return directory.hasSuffix("/") ? directory + trimmed : directory + "/" + trimmed
  }
}
