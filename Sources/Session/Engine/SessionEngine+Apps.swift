/// Loading and choosing apps, and the cookie jar's switches.
extension SessionEngine {
  func load(
    spec: String, name: String?, prefix: String?, directory: String?, _ context: SourceContext
  ) throws(SessionError) -> [SessionEvent] {
    let resolved: ResolvedApp
    do {
      resolved = try resolver.resolve(spec, relativeTo: directory)
    } catch {
      throw .loadFailed(spec: spec, reason: "\(error)", context)
    }
    let appName = name ?? resolved.defaultName
    if let index = apps.firstIndex(where: { $0.name == appName }) {
      apps[index].shutdown()
      apps.remove(at: index)
    }
    apps.append(LoadedApp(name: appName, spec: spec, app: resolved.app, shutdown: resolved.shutdown))
    if let prefix {
      mounted.removeAll { $0.prefix == Self.normalize(prefix) || $0.name == appName }
      mounted.append((Self.normalize(prefix), appName))
    } else {
      mounted.removeAll { $0.name == appName }
      currentApp = appName
    }
    return [.appLoaded(name: appName, spec: spec, prefix: prefix)]
  }

  static func normalize(_ prefix: String) -> String {
    var result = prefix
    while result.count > 1, result.hasSuffix("/") { result.removeLast() }
    return result
  }

  func cookies(_ action: CookieAction) -> [SessionEvent] {
    switch action {
    case .show: return [.show(.cookies(jar.cookies, enabled: cookiesEnabled))]
    case .clear:
      jar.clear()
      return [.message("the cookie jar is empty")]
    case .off:
      cookiesEnabled = false
      return [.message("cookies are neither sent nor stored")]
    case .on:
      cookiesEnabled = true
      return [.message("cookies apps set are sent back to them")]
    }
  }
}
