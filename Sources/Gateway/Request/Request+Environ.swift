extension Request {
  /// The server's defaults, as `wsgiref.util.setup_testing_defaults` fills them.
  public static let defaultServerName = "127.0.0.1"

  /// Builds the environ a server would pass for this request.
  ///
  /// The server sets the CGI meta-variables and `wsgi.*` entries the way
  /// `wsgiref.util.setup_testing_defaults` does; request headers become
  /// `HTTP_*` entries (Content-Type and Content-Length become `CONTENT_TYPE`
  /// and `CONTENT_LENGTH`); then the raw overrides are applied in order.
  ///
  /// Every string in the request is text, as a user typed it; in the environ
  /// it is a native string (PEP 3333): its UTF-8 bytes, each read as latin-1,
  /// as a server reads them off the wire. So a header `X-In: café` becomes
  /// `HTTP_X_IN` = `"caf\u{C3}\u{A9}"`; the raw overrides' keys and string
  /// values too. ``dispatch(environ:to:observer:)`` takes an environ as it is.
  public func environ() -> Environ { environWithStreams().environ }

  /// The environ, and its `wsgi.input` and `wsgi.errors` when the server's
  /// own are there (no override replaced them), so a dispatch attaches to
  /// them without searching the environ.
  func environWithStreams() -> (environ: Environ, streams: EnvironStreams?) {
    let parts = RequestTarget(target)
    var scheme = parts.scheme ?? "http"
    if let override = overrides.last(where: { $0.key == "wsgi.url_scheme" }), case .string(let value)? = override.value
    {
      scheme = value.nativeFromUTF8
    }
    let fromHeaders = environEntries(ofHeadersWithHost: parts.authority)
    let server = ServerEnviron(
      method: method.nativeFromUTF8, target: parts, scheme: scheme, httpHost: fromHeaders.host,
      contentLength: fromHeaders.length,
      headerEntries: fromHeaders.others,
      input: WSGIInput(body.source(), limit: fromHeaders.length.flatMap { Int($0) } ?? 0), errors: WSGIErrors())
    guard !overrides.isEmpty else {
      return (Environ(server), EnvironStreams(input: server.input, errors: server.errors))
    }
    var environ = Environ(server)
    for (key, value) in overrides {
      if case .string(let text)? = value {
        environ[key.nativeFromUTF8] = .string(text.nativeFromUTF8)
      } else {
        environ[key.nativeFromUTF8] = value
      }
    }
    var input = server.input
    if overrides.contains(where: { $0.key == "CONTENT_LENGTH" }) {
      input = WSGIInput(body.source(), limit: environ["CONTENT_LENGTH"].map(Self.inputLimit) ?? 0)
      environ["wsgi.input"] = .input(input)
    }
    let ownStreams = !overrides.contains { $0.key == "wsgi.input" || $0.key == "wsgi.errors" }
    return (environ, ownStreams ? EnvironStreams(input: input, errors: server.errors) : nil)
  }

  /// `HTTP_HOST`, `CONTENT_LENGTH` (the body's size, or what a header declares;
  /// absent for neither) and the entries the other headers become, in order.
  private func environEntries(
    ofHeadersWithHost host: String?
  ) -> (host: String, length: String?, others: [Environ.Entry]) {
    var httpHost = host ?? Self.defaultServerName
    var length = body.count > 0 ? String(body.count) : nil
    // Most requests have no headers: no list to make.
    guard !headers.isEmpty else { return (httpHost, length, []) }
    var others = Environ(capacity: headers.count)
    for header in headers {
      guard let key = Self.environKey(forHeader: header.name)?.nativeFromUTF8 else { continue }
      let value = header.value.nativeFromUTF8
      switch key {
      case "HTTP_HOST":
        // A Host header names the host, unless the target did: then it is joined on, as a repeated header is.
        httpHost = host == nil ? value : httpHost + "," + value
      case "CONTENT_LENGTH":
        length = value
      default:
        if key.hasPrefix("HTTP_"), case .string(let earlier)? = others[key] {
          // Repeated headers are joined, as HTTP allows and wsgiref's server does.
          others[key] = .string(earlier + "," + value)
        } else {
          others[key] = .string(value)
        }
      }
    }
    return (httpHost, length, others.entries)
  }

  /// The environ key a request header becomes, or `nil` for a header a careful
  /// server drops: one whose name holds `_`, which could pose as a `-` header.
  public static func environKey(forHeader name: String) -> String? {
    if name.contains("_") { return nil }
    switch name.lowercased() {
    case "content-type": return "CONTENT_TYPE"
    case "content-length": return "CONTENT_LENGTH"
    default:
      return "HTTP_" + String(name.uppercased().map { $0 == "-" ? "_" : $0 })
    }
  }

  /// How much of the body the app may read, for a `CONTENT_LENGTH` entry.
  private static func inputLimit(_ contentLength: EnvironValue) -> Int {
    if case .string(let text) = contentLength { return Int(text) ?? 0 }
    return 0
  }
}

extension Request.Body {
  func source() -> any ByteSource {
    switch self {
    case .bytes(let bytes): return BytesSource(bytes)
    case .stream(_, let open):
      do { return try open() } catch { return FailingSource(error: error) }
    }
  }
}

/// A source whose every read fails, for a body that could not be opened.
struct FailingSource: ByteSource {
  let error: any Error
  mutating func read(upTo maxCount: Int) throws -> [UInt8] { throw error }
}

extension Request {
  /// What the server noticed about the request itself: dropped headers, a body the app cannot read.
  func diagnostics() -> [Diagnostic] {
    var found: [Diagnostic] = []
    for header in headers where Self.environKey(forHeader: header.name) == nil {
      found.append(
        Diagnostic(
          .requestHeaderUnderscore,
          "The request header \(header.name) was dropped: its name holds '_'. Use '-', or set HTTP_... directly."))
    }
    if body.count > 0, case .string("")? = overrides.last(where: { $0.key == "CONTENT_LENGTH" })?.value {
      found.append(
        Diagnostic(.requestBodyIgnored, "The request has a \(body.count)-byte body but an empty CONTENT_LENGTH."))
    } else if body.count > 0, overrides.contains(where: { $0.key == "CONTENT_LENGTH" && $0.value == nil }) {
      found.append(
        Diagnostic(.requestBodyIgnored, "The request has a \(body.count)-byte body but no CONTENT_LENGTH."))
    }
    return found
  }
}
