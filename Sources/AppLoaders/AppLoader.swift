import Gateway
import GatewayApps
import Platform

/// Turns an ``AppSpec`` into an application ready to dispatch to.
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

  /// Creates a loader.
  /// - Parameters:
  ///   - options: How CGI programs and Python workers are started.
  ///   - builtins: The apps a bare name refers to; a program embedding the shell passes its own.
  public init(options: LoadOptions, builtins: [BuiltinApps.Entry] = BuiltinApps.all) {
    self.options = options
    self.builtins = builtins
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
      let app = try PythonApplication(options: options, module: module, callable: callable)
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
