import AppLoaders

/// Loading and choosing apps, and the cookie jar's switches.
extension SessionEngine {
  /// Loads an app under its name.
  /// - Returns: The event saying so, and a note when it replaced a different app of that name,
  ///   which two apps of one module (`python:shop:app`, `python:shop:admin`) would otherwise do unseen.
  func load(
    spec: String, name: String?, prefix: String?, directory: String?, _ context: SourceLine
  ) throws(SessionError) -> (loaded: SessionEvent, replacing: SessionEvent?) {
    let loaded: LoadedApp
    do {
      loaded = try loader.load(spec, relativeTo: directory)
    } catch {
      throw .loadFailed(spec: spec, reason: error.description, context)
    }
    let appName = name ?? loaded.spec.defaultName
    let earlier = table.entry(named: appName)?.spec
    table.add(AppTable.Entry(name: appName, spec: spec, loaded: loaded), at: prefix)
    appsNotLoaded.remove(appName)
    var replacing: SessionEvent? = nil
    if let earlier, earlier != spec {
      replacing = .message("it replaces the \(appName) loaded before (\(earlier)); 'load SPEC as NAME' keeps both")
    } else if earlier != nil, case .python = loaded.spec {
      // The same app again: a fresh worker, so what the app kept in memory is gone, as after `reload`.
      replacing = .message("a new worker imported it again: what the app held in memory starts afresh")
    }
    return (.appLoaded(name: appName, spec: spec, prefix: prefix), replacing)
  }

  func cookies(_ action: CookieAction) -> SessionEvent {
    switch action {
    case .show: return .show(.cookies(jar.cookies, enabled: cookiesEnabled))
    case .clear:
      jar.clear()
      return .message("the cookie jar is empty")
    case .off:
      cookiesEnabled = false
      return .message("cookies are neither sent nor stored")
    case .on:
      cookiesEnabled = true
      return .message("cookies apps set are sent back to them")
    }
  }
}
