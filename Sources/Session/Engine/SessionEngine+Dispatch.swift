import Gateway
import JSON

/// Dispatching: build the request from the draft, route it, keep the cookies, follow redirects.
extension SessionEngine {
  static let redirectStatuses: Set<Int> = [301, 302, 303, 307, 308]
  static let maxRedirects = 10

  /// Dispatches a request, following redirects when asked, and hands each hop to `sink`.
  /// - Returns: The response recorded as session lines, when responses are recorded.
  func dispatch(
    method: String, target: String, _ context: SourceContext, observer: (any ExchangeObserver)?,
    into sink: inout some SessionEventSink
  ) throws(SessionError) -> [String]? {
    var request = try buildRequest(method: method, target: target, context)
    // The hops are handed on only once all are done: a redirect that cannot be routed fails
    // the whole request line, which then reports nothing else. Nearly every request is one hop.
    var earlier: [DispatchRecord] = []
    var last: DispatchRecord
    var stoppedFollowing = false
    var hops = 0
    // Read once, not at each use: every read of the engine's properties is checked for exclusive access.
    let cookiesEnabled = self.cookiesEnabled
    let followRedirects = self.followRedirects
    let dispatcher = self.dispatcher
    while true {
      // The request as the draft made it, before the jar adds to it, is what a redirect starts from;
      // kept only when redirects are followed, as copying it cost ~450 instructions a request.
      let base = followRedirects ? request : nil
      let (appName, app) = try route(request.target, context)
      if cookiesEnabled, !jar.cookies.isEmpty,
        let cookies = jar.header(for: appName, path: Self.path(of: request.target))
      {
        if let index = request.headers.firstIndex(where: { $0.name.lowercased() == "cookie" }) {
          request.headers[index].value += "; " + cookies
        } else {
          request.headers.append(HeaderField("Cookie", cookies))
        }
      }
      dispatcher.limits.cancellation?.reset()
      let exchange = dispatcher.dispatchWatched(request, to: app, observer: observer)
      if cookiesEnabled { jar.store(exchange.headers, from: appName) }
      // Moved into the record, not copied (~260 instructions a request): a redirect sets a new one.
      last = DispatchRecord(
        request: consume request, appName: appName, hop: hops, exchange: exchange, location: context.location)
      hops += 1
      lastExchange = exchange
      guard let base, let redirect = Self.redirect(from: base, exchange) else { break }
      guard hops <= Self.maxRedirects else {
        stoppedFollowing = true
        break
      }
      earlier.append(last)
      request = redirect
    }
    var recording: (lines: [String], newlyIgnored: [String])?
    if recordsResponses {
      recording = SessionRecording.lines(
        for: (earlier + [last]).map { ($0.request, decodedForChecking($0.exchange)) }, ignoring: ignoredHeaders,
        mask: ignoreMask)
    }
    for record in earlier { sink.dispatched(record) }
    sink.dispatched(last)
    if stoppedFollowing { sink.receive(.message("stopped following redirects after \(Self.maxRedirects) hops")) }
    guard let recording else { return nil }
    for name in recording.newlyIgnored where !ignoredHeaders.contains(name) { ignoredHeaders.append(name) }
    sink.receive(.recorded(recording.lines))
    return recording.lines
  }

  /// The request the draft makes with this method and target, variables expanded.
  func buildRequest(method: String, target: String, _ context: SourceContext) throws(SessionError) -> Request {
    let draft = self.draft
    var headers: [HeaderField] = []
    for header in draft.headers { headers.append(HeaderField(header.name, try expand(header.value, context))) }
    var overrides: [(key: String, value: EnvironValue?)] = []
    for override in draft.overrides {
      overrides.append(
        (
          override.key,
          try override.value.map { template throws(SessionError) in
            Self.environValue(for: override.key, try expand(template, context))
          }
        ))
    }
    return Request(
      method: method, target: target, headers: headers, body: try requestBody(draft.body, context), overrides: overrides
    )
  }

  func requestBody(_ body: BodySource?, _ context: SourceContext) throws(SessionError) -> Request.Body {
    switch body {
    case nil: return .bytes([])
    case .text(let template)?: return .bytes(Array(try expand(template, context).utf8))
    case .bytes(let bytes)?: return .bytes(bytes)
    case .file(let path)?:
      do {
        return try FileIO.requestBody(path)
      } catch {
        throw .fileFailed(path: path, reason: "\(error)", context)
      }
    }
  }

  /// A raw environ value as `set` writes it: the `wsgi.*` flags become bools and
  /// `wsgi.version` a version, so a typed value can be composed; `"text"` stays a string.
  static func environValue(for key: String, _ text: String) -> EnvironValue {
    if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\""),
      case .string(let unquoted)? = try? JSONValue(parsing: text)
    {
      return .string(unquoted)
    }
    if ["wsgi.multithread", "wsgi.multiprocess", "wsgi.run_once"].contains(key) {
      switch text.lowercased() {
      case "true": return .bool(true)
      case "false": return .bool(false)
      default: break
      }
    }
    if key == "wsgi.version", text.hasPrefix("("), text.hasSuffix(")") {
      let parts = text.dropFirst().dropLast().split(separator: ",").map { $0.trimmingCharacters(in: " ") }
      if parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]) { return .version(major, minor) }
    }
    return .string(text)
  }

  /// The app a target goes to: the one mounted at the longest prefix of its path, else the current one.
  func route(_ target: String, _ context: SourceContext) throws(SessionError) -> (name: String, app: any Application) {
    guard !mounted.isEmpty else {
      guard let name = currentApp, let current = apps.first(where: { $0.name == name }) else { throw .noApp(context) }
      return (name, current.app)
    }
    let current = currentApp.flatMap { name in apps.first { $0.name == name } }
    var mounts = Mounts(fallback: current?.app)
    for mount in mounted {
      if let app = apps.first(where: { $0.name == mount.name }) { mounts.mount(app.app, at: mount.prefix) }
    }
    if let (mount, _, _) = mounts.route(Self.path(of: target)),
      let name = mounted.first(where: { $0.prefix == mount.prefix })?.name
    {
      return (name, mounts)
    }
    guard let current else { throw .noApp(context) }
    return (current.name, mounts)
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

  /// The request a client makes on a redirect response, or `nil` when it is none.
  static func redirect(from request: Request, _ exchange: Exchange) -> Request? {
    guard let code = exchange.statusCode, redirectStatuses.contains(code),
      let location = exchange.headers.first(named: "Location"), !location.isEmpty
    else { return nil }
    var next = request
    if code == 303 && request.method != "HEAD" || (code == 301 || code == 302) && request.method == "POST" {
      next.method = "GET"
      next.body = .bytes([])
      next.headers.removeAll { ["content-type", "content-length"].contains($0.name.lowercased()) }
    }
    if location.hasPrefix("/") || location.lowercased().hasPrefix("http://")
      || location.lowercased().hasPrefix("https://")
    {
      next.target = location
    } else {
      let path = Self.path(of: request.target)
      next.target = String(path[...(path.lastIndex(of: "/") ?? path.startIndex)]) + location
    }
    return next
  }
}
