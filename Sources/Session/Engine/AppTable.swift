import AppLoaders
import Gateway

/// The loaded apps, the current one and the mounts: where each request goes.
///
/// The router is built when the table changes (`load`, `use`, `reload`), not for each
/// request; a request is routed once, by ``route(_:)``, which says both which app's
/// cookies it carries and which app answers it.
struct AppTable {
  /// A loaded app, under the name it was loaded as.
  struct Entry {
    let name: String
    /// The spec as `load` wrote it, which `reload` loads again.
    let spec: String
    let loaded: LoadedApp

    var app: any Application { loaded.app }
  }

  /// Where a request goes: the name its cookies are kept under, and the app that answers it.
  struct Route {
    var name: String
    var app: any Application
  }

  /// The apps in load order.
  private(set) var entries: [Entry] = []
  /// The app requests go to when no mount prefix matches.
  private(set) var current: String?
  /// The mount prefixes (normalized) and the names of the apps mounted there.
  private(set) var mounted: [(prefix: String, name: String)] = []
  /// What ``route(_:)`` reads, made from the three above whenever one changes.
  private var router = Router()

  /// The names of the loaded apps, in load order.
  var names: [String] { entries.map(\.name) }

  /// Whether an app of this name is loaded.
  func contains(_ name: String) -> Bool { entries.contains { $0.name == name } }

  /// The loaded app of this name.
  func entry(named name: String) -> Entry? { entries.first { $0.name == name } }

  /// Adds an app, stopping the one it replaces, and mounts it at `prefix` or makes it current.
  mutating func add(_ entry: Entry, at prefix: String?) {
    if let index = entries.firstIndex(where: { $0.name == entry.name }) {
      entries[index].loaded.shutdown()
      entries.remove(at: index)
    }
    entries.append(entry)
    if let prefix {
      let normalized = Self.normalize(prefix)
      mounted.removeAll { $0.prefix == normalized || $0.name == entry.name }
      mounted.append((normalized, entry.name))
    } else {
      mounted.removeAll { $0.name == entry.name }
      current = entry.name
    }
    rebuild()
  }

  /// Makes a loaded app the current one; `false` when none has this name.
  mutating func select(_ name: String) -> Bool {
    guard contains(name) else { return false }
    current = name
    rebuild()
    return true
  }

  /// Puts `entry` in the place of the loaded app of the same name (a reload), keeping its mount.
  mutating func replace(with entry: Entry) {
    guard let index = entries.firstIndex(where: { $0.name == entry.name }) else { return }
    entries[index] = entry
    rebuild()
  }

  /// Stops every app (a worker process), as the session ends.
  func shutdownAll() {
    for entry in entries { entry.loaded.shutdown() }
  }

  /// Where a request to `target` goes; `nil` when no app would answer it.
  func route(_ target: String) -> Route? {
    guard let mounts = router.mounts else {
      guard let current = router.current else { return nil }
      return Route(name: current.name, app: current.app)
    }
    let path = Self.path(of: target)
    guard let (mount, script, pathInfo) = mounts.route(path), let name = router.names[mount.prefix] else {
      // Under no prefix: the current app answers, as the mounts' fallback would.
      guard let current = router.current else { return nil }
      return Route(name: current.name, app: current.app)
    }
    // A plain path is PATH_INFO as it is: the split made here is the one the mounts would
    // make, so the mounted app is called directly. Any other target (a query, an escape, a
    // scheme) goes through the mounts, which split the decoded PATH_INFO.
    guard Self.isPlainPath(target) else { return Route(name: name, app: mounts) }
    return Route(name: name, app: MountedApp(app: mount.app, script: script, pathInfo: pathInfo))
  }

  /// `environ` as the app its PATH_INFO goes to gets it: SCRIPT_NAME and PATH_INFO split at
  /// the mount, as ``Mounts`` and ``MountedApp`` split them when the request is dispatched.
  func routed(_ environ: Environ) -> Environ {
    guard let mounts = router.mounts, let (_, script, pathInfo) = mounts.route(environ.string("PATH_INFO") ?? "")
    else { return environ }
    var routed = environ
    routed["SCRIPT_NAME"] = .string((environ.string("SCRIPT_NAME") ?? "") + script)
    routed["PATH_INFO"] = .string(pathInfo)
    return routed
  }

  private mutating func rebuild() {
    let current = self.current.flatMap { name in entries.first { $0.name == name } }
    guard !mounted.isEmpty else {
      router = Router(current: current)
      return
    }
    var mounts = Mounts(fallback: current?.app)
    var names: [String: String] = [:]
    for mount in mounted {
      guard let entry = entries.first(where: { $0.name == mount.name }) else { continue }
      mounts.mount(entry.app, at: mount.prefix)
      names[mount.prefix] = mount.name
    }
    router = Router(current: current, mounts: mounts, names: names)
  }

  /// A prefix without its trailing slashes.
  static func normalize(_ prefix: String) -> String {
    var result = prefix
    while result.count > 1, result.hasSuffix("/") { result.removeLast() }
    return result
  }

  /// The path of a request target, without scheme, authority, query or fragment.
  static func path(of target: String) -> String {
    var rest = Substring(target)
    for scheme in ["http://", "https://"] where rest.lowercased().hasPrefix(scheme) {
      rest = rest.dropFirst(scheme.count)
      rest = rest[(rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex)...]
    }
    let end = rest.firstIndex { $0 == "?" || $0 == "#" } ?? rest.endIndex
    let path = String(rest[..<end])
    return path.isEmpty ? "/" : path
  }

  /// Whether `target` is an ASCII path with nothing to split off or decode, which the
  /// gateway then passes as PATH_INFO unchanged.
  static func isPlainPath(_ target: String) -> Bool {
    var target = target
    return target.withUTF8 { bytes in
      bytes.first == UInt8(ascii: "/")
        && !bytes.contains {
          $0 >= 0x80 || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "%")
        }
    }
  }

  /// The table as a request reads it.
  private struct Router {
    var current: Entry?
    /// `nil` when nothing is mounted: every request goes to the current app.
    var mounts: Mounts?
    /// The name of the app mounted at each prefix.
    var names: [String: String] = [:]
  }
}

/// A mounted app with the request's path already split at its prefix, as ``Mounts`` splits it.
struct MountedApp: Application {
  var app: any Application
  /// The part of the path that moves to SCRIPT_NAME.
  var script: String
  /// The rest, the app's PATH_INFO.
  var pathInfo: String

  var stopsWhenAsked: Bool { app.stopsWhenAsked }

  func callAsFunction(_ environ: Environ, _ startResponse: StartResponse) throws -> any ResponseBody {
    var routed = environ
    routed["SCRIPT_NAME"] = .string((environ.string("SCRIPT_NAME") ?? "") + script)
    routed["PATH_INFO"] = .string(pathInfo)
    return try app(routed, startResponse)
  }
}
