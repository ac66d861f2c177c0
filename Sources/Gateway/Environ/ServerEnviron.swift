/// The environ a server builds for a request, held as the values that vary
/// between requests; the entries that never vary are written out only when
/// something lists them.
///
/// ``entries`` is the one place that says which entries there are and in what
/// order; lookups and the check read the fields directly.
final class ServerEnviron: Sendable {
  let method: String
  let pathInfo: String
  let queryString: String
  let requestURI: String
  let serverPort: String
  let scheme: String
  let httpHost: String
  let contentLength: String?
  /// The entries the request headers became, other than `HTTP_HOST` and `CONTENT_LENGTH`, in order.
  let headerEntries: [Environ.Entry]
  let input: WSGIInput
  let errors: WSGIErrors

  init(
    method: String, target: RequestTarget, scheme: String, httpHost: String, contentLength: String?,
    headerEntries: [Environ.Entry], input: WSGIInput, errors: WSGIErrors
  ) {
    self.method = method
    self.pathInfo = target.path
    self.queryString = target.query
    self.requestURI = target.rawPathAndQuery
    self.serverPort = scheme == "https" ? "443" : "80"
    self.scheme = scheme
    self.httpHost = httpHost
    self.contentLength = contentLength
    self.headerEntries = headerEntries
    self.input = input
    self.errors = errors
  }

  /// The values that came from the request: all the check of a server's environ reads.
  struct RequestValues {
    var method: String
    var pathInfo: String
    var queryString: String
    var requestURI: String
    var scheme: String
    var httpHost: String
    var contentLength: String?
    var headerEntries: [Environ.Entry]

    /// Whether `server` came from a request with these values; compared in place, without copying them out.
    func match(_ server: ServerEnviron) -> Bool {
      method == server.method && pathInfo == server.pathInfo && queryString == server.queryString
        && requestURI == server.requestURI && scheme == server.scheme && httpHost == server.httpHost
        && contentLength == server.contentLength && headerEntries == server.headerEntries
    }
  }

  var requestValues: RequestValues {
    RequestValues(
      method: method, pathInfo: pathInfo, queryString: queryString, requestURI: requestURI, scheme: scheme,
      httpHost: httpHost, contentLength: contentLength, headerEntries: headerEntries)
  }

  /// The entries, in the order wsgiref's `setup_testing_defaults` and a server's headers give.
  var entries: [Environ.Entry] {
    var entries: [Environ.Entry] = []
    entries.reserveCapacity(20 + headerEntries.count)
    entries.append(Environ.Entry(.requestMethod, .string(method)))
    entries.append(Environ.Entry(.scriptName, .string("")))
    entries.append(Environ.Entry(.pathInfo, .string(pathInfo)))
    entries.append(Environ.Entry(other: "QUERY_STRING", .string(queryString)))
    entries.append(Environ.Entry(other: "REQUEST_URI", .string(requestURI)))
    entries.append(Environ.Entry(.serverName, .string(Request.defaultServerName)))
    entries.append(Environ.Entry(.serverPort, .string(serverPort)))
    entries.append(Environ.Entry(other: "SERVER_PROTOCOL", .string("HTTP/1.1")))
    entries.append(Environ.Entry(other: "SERVER_SOFTWARE", .string("gwsh")))
    entries.append(Environ.Entry(other: "GATEWAY_INTERFACE", .string("CGI/1.1")))
    entries.append(Environ.Entry(other: "REMOTE_ADDR", .string("127.0.0.1")))
    entries.append(Environ.Entry(other: "HTTP_HOST", .string(httpHost)))
    if let contentLength { entries.append(Environ.Entry(.contentLength, .string(contentLength))) }
    entries += headerEntries
    entries.append(Environ.Entry(.wsgiVersion, .version(1, 0)))
    entries.append(Environ.Entry(.wsgiURLScheme, .string(scheme)))
    entries.append(Environ.Entry(.wsgiInput, .input(input)))
    entries.append(Environ.Entry(.wsgiErrors, .errors(errors)))
    entries.append(Environ.Entry(.wsgiMultithread, .bool(false)))
    entries.append(Environ.Entry(.wsgiMultiprocess, .bool(false)))
    entries.append(Environ.Entry(.wsgiRunOnce, .bool(false)))
    return entries
  }

  /// The value for `key`: the keys apps read are answered from the fields and
  /// the headers' entries, and only the constant ones from a listing.
  func value(for key: String) -> EnvironValue? {
    switch EnvironKey(key) {
    case .requestMethod?: return .string(method)
    case .scriptName?: return .string("")
    case .pathInfo?: return .string(pathInfo)
    case .contentLength?: return contentLength.map { .string($0) }
    case .wsgiInput?: return .input(input)
    case .wsgiErrors?: return .errors(errors)
    case .wsgiURLScheme?: return .string(scheme)
    default: break
    }
    switch key {
    case "QUERY_STRING": return .string(queryString)
    case "REQUEST_URI": return .string(requestURI)
    case "HTTP_HOST": return .string(httpHost)
    default: break
    }
    // Keys are unique, and no header's entry shares a key with the server's own.
    let length = key.utf8.count
    let matches = { (entry: Environ.Entry) in entry.key.utf8.count == length && entry.key == key }
    if let entry = headerEntries.first(where: matches) { return entry.value }
    return entries.first(where: matches)?.value
  }
}
