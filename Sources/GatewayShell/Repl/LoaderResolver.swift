import AppLoaders
import Dispatch
import Gateway
import GatewayApps
import Session
import Synchronization

/// Lets the session engine load every kind of app spec — built-in names (and
/// the embedding program's apps), `cgi:PATH` and `python:MODULE:CALLABLE` — through ``AppLoader``.
struct LoaderResolver: AppResolver {
  /// The loader; its working directory is where specs typed at the prompt are resolved.
  var loader: AppLoader
  /// Set by Ctrl-C at the prompt: gives up waiting for a slow load (a Python app importing for long).
  var cancellation: CancellationFlag?

  func resolve(_ spec: String, relativeTo directory: String?) throws -> ResolvedApp {
    var parsed = try AppSpec(parsing: spec)
    // A program a session file names is relative to that file, as `@path` is; a Python app is
    // imported from the working directory, as at the prompt.
    if let directory { parsed = parsed.resolvingProgram(from: directory) }
    let loaded = try load(parsed, with: loader)
    return ResolvedApp(defaultName: parsed.defaultName, app: loaded.app, shutdown: { loaded.shutdown() })
  }

  func folder(relativeTo directory: String?) -> String { directory ?? loader.options.workingDirectory }

  /// Loads a Python app on another thread while this one watches the cancellation flag.
  ///
  /// Built-in apps and CGI programs load at once (a CGI program is only checked, not run),
  /// so they are loaded here: the hand-over would start the dispatch thread pool for nothing.
  private func load(_ spec: AppSpec, with loader: AppLoader) throws -> LoadedApp {
    guard let cancellation, case .python = spec else { return try loader.load(spec) }
    let result = Mutex<Result<LoadedApp, LoadError>?>(nil)
    let done = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
      let outcome = Result<LoadedApp, LoadError> { () throws(LoadError) in try loader.load(spec) }
      result.withLock { $0 = outcome }
      done.signal()
    }
    while done.wait(timeout: .now() + .milliseconds(20)) == .timedOut {
      guard cancellation.isCancelled else { continue }
      // The load goes on in the background; whatever it started is stopped once it is done.
      DispatchQueue.global().async {
        done.wait()
        if case .success(let abandoned)? = result.withLock({ $0 }) { abandoned.shutdown() }
      }
      throw LoadCancelled(spec: spec.description)
    }
    return try result.withLock { $0 }!.get()
  }
}

/// Ctrl-C stopped a load before the app was ready.
struct LoadCancelled: Error, CustomStringConvertible {
  /// The spec being loaded.
  var spec: String

  var description: String { "the load of \(spec) was cancelled (Ctrl-C); nothing was loaded" }
}
