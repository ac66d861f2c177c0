import AppLoaders
import GatewayApps
import Session

/// Lets the session engine load every kind of app spec — built-in names (and
/// the embedding program's apps), `cgi:PATH` and `python:MODULE:CALLABLE` — through ``AppLoader``.
struct LoaderResolver: AppResolver {
  /// The loader; its working directory is where specs typed at the prompt are resolved.
  var loader: AppLoader

  func resolve(_ spec: String, relativeTo directory: String?) throws -> ResolvedApp {
    let parsed = try AppSpec(parsing: spec)
    var loader = self.loader
    // A spec in a session file is relative to that file, as `@path` is.
    if let directory { loader.options.workingDirectory = directory }
    let loaded = try loader.load(parsed)
    return ResolvedApp(defaultName: parsed.defaultName, app: loaded.app, shutdown: { loaded.shutdown() })
  }
}
