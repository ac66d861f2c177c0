import AppLoaders
import Gateway

/// `reload`: a Python app imported again after its code changed.
extension SessionEngine {
  /// Restarts the worker of the app `name` (default: the current app) and imports the app
  /// again under the same name and mount. An app whose import now fails stays in
  /// the table, and a request to it fails its line saying so, until a reload works.
  func reload(_ name: String?, _ context: SourceLine, directory: String?) throws(SessionError) -> SessionEvent {
    guard let appName = name ?? table.current else { throw .noApp(context) }
    guard let old = table.entry(named: appName) else { throw .unknownApp(appName, loaded: appNames, context) }
    switch old.loaded.spec {
    case .python: break
    case .cgi:
      return .message("\(appName) is a CGI program, started anew for every request: there is nothing to reload")
    case .builtin: return .message("\(appName) is built into gwsh: there is nothing to reload")
    }
    old.loaded.shutdown()
    do {
      let loaded = try loader.load(old.spec, relativeTo: directory)
      table.replace(with: AppTable.Entry(name: appName, spec: old.spec, loaded: loaded))
      appsNotLoaded.remove(appName)
    } catch {
      appsNotLoaded.insert(appName)
      let notLoaded = LoadedApp(spec: old.loaded.spec, app: NotLoadedApp(name: appName, reason: error.description))
      table.replace(with: AppTable.Entry(name: appName, spec: old.spec, loaded: notLoaded))
      throw .loadFailed(spec: old.spec, reason: "\(error); \(appName) is not loaded until a reload works", context)
    }
    return .message("reloaded \(appName): a new worker imported \(old.spec.dropFirst("python:".count))")
  }

  /// The loaded apps `reload` restarts: the Python ones.
  public var reloadableAppNames: [String] {
    table.entries.filter { if case .python = $0.loaded.spec { true } else { false } }.map(\.name)
  }
}

/// Stands in for an app whose reload failed, keeping its place in the table (its name,
/// mount and spec for the next reload). The engine fails a request routed to it before
/// dispatching (``SessionEngine/appsNotLoaded``); were one dispatched, it ends saying why.
struct NotLoadedApp: Application {
  var name: String
  var reason: String

  func callAsFunction(_ environ: Environ, _ startResponse: StartResponse) throws -> any ResponseBody {
    throw AppNotLoaded(name: name, reason: reason)
  }
}

/// A request went to an app whose reload failed.
struct AppNotLoaded: Error, TracebackCarrying, CustomStringConvertible {
  var name: String
  var reason: String

  /// Why the import failed, shown in the errors section.
  var traceback: String { reason + "\n" }

  var description: String { "the app \(name) is not loaded: its reload failed (fix it and 'reload \(name)')" }
}
