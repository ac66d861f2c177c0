/// Several applications mounted at path prefixes, with a fallback for the
/// rest: the longest mounted prefix of PATH_INFO wins, and SCRIPT_NAME and
/// PATH_INFO are split there, as Werkzeug's `DispatcherMiddleware` does.
public struct Mounts: Application {
  /// One mounted application.
  public struct Mount: Sendable {
    /// The prefix, such as `/api`: starts with `/`, no trailing `/`.
    public var prefix: String
    /// The application.
    public var app: any Application
  }

  /// The mounted applications.
  public private(set) var mounts: [Mount] = []
  /// Answers paths under no prefix; `nil` answers them 404.
  public var fallback: (any Application)?

  /// Creates a set of mounts with a fallback.
  public init(fallback: (any Application)? = nil) {
    self.fallback = fallback
  }

  /// Mounts `app` at `prefix`, replacing what was mounted there.
  /// - Parameters:
  ///   - app: The application.
  ///   - prefix: The path prefix; a trailing `/` is ignored, and `/` alone mounts the fallback.
  public mutating func mount(_ app: any Application, at prefix: String) {
    let normalized = Self.normalize(prefix)
    if normalized.isEmpty {
      fallback = app
      return
    }
    mounts.removeAll { $0.prefix == normalized }
    mounts.append(Mount(prefix: normalized, app: app))
  }

  /// The mount a path goes to and how PATH_INFO splits there: the longest
  /// mounted prefix that ends at a segment boundary, or `nil` for the fallback.
  /// - Returns: The mount, the part of `pathInfo` that moves to SCRIPT_NAME, and the rest.
  public func route(_ pathInfo: String) -> (mount: Mount, script: String, pathInfo: String)? {
    var script = pathInfo
    var rest = ""
    while script.contains("/") {
      if let mount = mounts.first(where: { $0.prefix == script }) {
        return (mount, script, rest)
      }
      let slash = script.lastIndex(of: "/")!
      rest = "/" + script[script.index(after: slash)...] + rest
      script = String(script[..<slash])
    }
    return nil
  }

  /// Whether every mounted app, and the fallback, stops when asked.
  public var stopsWhenAsked: Bool {
    (fallback?.stopsWhenAsked ?? true) && mounts.allSatisfy(\.app.stopsWhenAsked)
  }

  public func callAsFunction(_ environ: Environ, _ startResponse: StartResponse) throws -> any ResponseBody {
    guard let (mount, script, pathInfo) = route(environ.string("PATH_INFO") ?? "") else {
      if let fallback { return try fallback(environ, startResponse) }
      try startResponse("404 Not Found", [("Content-Type", "text/plain")])
      return ChunkedBody("Not Found: no application is mounted here.\n")
    }
    var routed = environ
    routed["SCRIPT_NAME"] = .string((environ.string("SCRIPT_NAME") ?? "") + script)
    routed["PATH_INFO"] = .string(pathInfo)
    return try mount.app(routed, startResponse)
  }

  static func normalize(_ prefix: String) -> String {
    var result = prefix.hasPrefix("/") ? prefix : "/" + prefix
    while result.hasSuffix("/") { result.removeLast() }
    return result
  }
}
