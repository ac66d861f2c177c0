extension Request {
  /// The server's defaults, as `wsgiref.util.setup_testing_defaults` fills them.
  public static let defaultServerName = "127.0.0.1"

  /// Builds the environ a server would pass for this request.
  ///
  /// The server sets the CGI meta-variables and `wsgi.*` entries the way
  /// `wsgiref.util.setup_testing_defaults` does; request headers become
  /// `HTTP_*` entries (Content-Type and Content-Length become `CONTENT_TYPE`
  /// and `CONTENT_LENGTH`); then the raw overrides are applied in order.
  public func environ() -> Environ { environWithStreams().environ }

  /// The environ, and its `wsgi.input` and `wsgi.errors` when the server's
  /// own are there (no override replaced them), so a dispatch attaches to
  /// them without searching the environ.
  func environWithStreams() -> (environ: Environ, streams: EnvironStreams?) {
    let parts = RequestTarget(target)
    var scheme = parts.scheme ?? "http"
    if let override = overrides.last(where: { $0.key == "wsgi.url_scheme" }), case .string(let value)? = override.value
    {
      scheme = value
    }
    let host = parts.authority
    // The server's own entries have distinct keys, so they are appended without
    // the lookup a subscript makes; only headers and overrides can collide.
    var environ = Environ(capacity: 24 + headers.count + overrides.count)
    environ.appendNew(.requestMethod, .string(method))
    environ.appendNew(.scriptName, .string(""))
    environ.appendNew(.pathInfo, .string(parts.path))
    environ.appendNew("QUERY_STRING", .string(parts.query))
    environ.appendNew("REQUEST_URI", .string(parts.rawPathAndQuery))
    environ.appendNew(.serverName, .string(Self.defaultServerName))
    environ.appendNew(.serverPort, .string(scheme == "https" ? "443" : "80"))
    environ.appendNew("SERVER_PROTOCOL", .string("HTTP/1.1"))
    environ.appendNew("SERVER_SOFTWARE", .string("gwsh"))
    environ.appendNew("GATEWAY_INTERFACE", .string("CGI/1.1"))
    environ.appendNew("REMOTE_ADDR", .string("127.0.0.1"))
    environ.appendNew("HTTP_HOST", .string(host ?? Self.defaultServerName))
    let declaredLength = headers.isEmpty ? nil : headers.first(named: "Content-Length")
    if body.count > 0 || declaredLength != nil {
      environ.appendNew(.contentLength, .string(declaredLength ?? String(body.count)))
    }
    for header in headers {
      guard let key = Self.environKey(forHeader: header.name) else { continue }
      if key.hasPrefix("HTTP_"), case .string(let earlier)? = environ[key], key != "HTTP_HOST" || host != nil {
        // Repeated headers are joined, as HTTP allows and wsgiref's server does.
        environ[key] = .string(earlier + "," + header.value)
      } else {
        environ[key] = .string(header.value)
      }
    }
    // No header becomes a wsgi.* key (they all become HTTP_*, CONTENT_TYPE or CONTENT_LENGTH).
    environ.appendNew(.wsgiVersion, .version(1, 0))
    environ.appendNew(.wsgiURLScheme, .string(scheme))
    // Without headers, CONTENT_LENGTH is the body's size (or absent for none): no lookup needed.
    var input = WSGIInput(body.source(), limit: headers.isEmpty ? body.count : inputLimit(in: environ))
    let errors = WSGIErrors()
    environ.appendNew(.wsgiInput, .input(input))
    environ.appendNew(.wsgiErrors, .errors(errors))
    environ.appendNew(.wsgiMultithread, .bool(false))
    environ.appendNew(.wsgiMultiprocess, .bool(false))
    environ.appendNew(.wsgiRunOnce, .bool(false))
    for (key, value) in overrides {
      environ[key] = value
    }
    if overrides.contains(where: { $0.key == "CONTENT_LENGTH" }) {
      input = WSGIInput(body.source(), limit: inputLimit(in: environ))
      environ["wsgi.input"] = .input(input)
    }
    let ownStreams = !overrides.contains { $0.key == "wsgi.input" || $0.key == "wsgi.errors" }
    return (environ, ownStreams ? EnvironStreams(input: input, errors: errors) : nil)
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

  private func inputLimit(in environ: Environ) -> Int {
    environ.string("CONTENT_LENGTH").flatMap { Int($0) } ?? 0
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
