import AppLoaders

/// Loading and choosing apps, and the cookie jar's switches.
extension SessionEngine {
  func load(
    spec: String, name: String?, prefix: String?, directory: String?, _ context: SourceLine
  ) throws(SessionError) -> SessionEvent {
    let loaded: LoadedApp
    do {
      loaded = try loader.load(spec, relativeTo: directory)
    } catch {
      throw .loadFailed(spec: spec, reason: error.description, context)
    }
    let appName = name ?? loaded.spec.defaultName
    table.add(AppTable.Entry(name: appName, spec: spec, loaded: loaded), at: prefix)
    return .appLoaded(name: appName, spec: spec, prefix: prefix)
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
