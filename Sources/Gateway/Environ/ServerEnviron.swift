/// The environ a server builds for a request, held as the values that vary
/// between requests; the entries that never vary are written out only when
/// something lists them.
///
/// ``entries`` is the one place that says which entries there are and in what
/// order; lookups and the check read ``request`` directly.
final class ServerEnviron: Sendable {
  /// The values that came from the request: all the check of a server's environ reads.
  struct RequestValues: Equatable {
    var method: String
    var pathInfo: String
    var queryString: String
    var requestURI: String
    var scheme: String
    var httpHost: String
    var contentLength: String?
    /// The entries the request headers became, other than `HTTP_HOST` and `CONTENT_LENGTH`, in order.
    var headerEntries: [Environ.Entry]
  }

  let request: RequestValues
  let serverName: String
  let serverPort: String
  let input: WSGIInput
  let errors: WSGIErrors

  init(
    method: String, target: RequestTarget, scheme: String, httpHost: String, contentLength: String?,
    headerEntries: [Environ.Entry], input: WSGIInput, errors: WSGIErrors
  ) {
    self.request = RequestValues(
      method: method, pathInfo: target.path, queryString: target.query, requestURI: target.rawPathAndQuery,
      scheme: scheme, httpHost: httpHost, contentLength: contentLength, headerEntries: headerEntries)
    (self.serverName, self.serverPort) = target.server(scheme: scheme)
    self.input = input
    self.errors = errors
  }

  /// The entries, in the order wsgiref's `setup_testing_defaults` and a server's headers give.
  var entries: [Environ.Entry] {
    var entries: [Environ.Entry] = []
    entries.reserveCapacity(20 + request.headerEntries.count)
    forEachEntry { entries.append($0) }
    return entries
  }

  /// Calls `body` with each entry in order, without a list of them: an app that reads them all
  /// (the echo app) would otherwise make the list and free it each request.
  /// The one place that says which entries there are and in what order.
  func forEachEntry(_ body: (Environ.Entry) throws -> Void) rethrows {
    try body(Environ.Entry(.requestMethod, .string(request.method)))
    try body(Environ.Entry(.scriptName, .string("")))
    try body(Environ.Entry(.pathInfo, .string(request.pathInfo)))
    try body(Environ.Entry(other: "QUERY_STRING", .string(request.queryString)))
    try body(Environ.Entry(other: "REQUEST_URI", .string(request.requestURI)))
    try body(Environ.Entry(.serverName, .string(serverName)))
    try body(Environ.Entry(.serverPort, .string(serverPort)))
    try body(Environ.Entry(other: "SERVER_PROTOCOL", .string("HTTP/1.1")))
    try body(Environ.Entry(other: "SERVER_SOFTWARE", .string("gwsh")))
    try body(Environ.Entry(other: "GATEWAY_INTERFACE", .string("CGI/1.1")))
    try body(Environ.Entry(other: "REMOTE_ADDR", .string("127.0.0.1")))
    try body(Environ.Entry(other: "HTTP_HOST", .string(request.httpHost)))
    if let contentLength = request.contentLength {
      try body(Environ.Entry(.contentLength, .string(contentLength)))
    }
    for entry in request.headerEntries { try body(entry) }
    try body(Environ.Entry(.wsgiVersion, .version(1, 0)))
    try body(Environ.Entry(.wsgiURLScheme, .string(request.scheme)))
    try body(Environ.Entry(.wsgiInput, .input(input)))
    try body(Environ.Entry(.wsgiErrors, .errors(errors)))
    try body(Environ.Entry(.wsgiMultithread, .bool(false)))
    try body(Environ.Entry(.wsgiMultiprocess, .bool(false)))
    try body(Environ.Entry(.wsgiRunOnce, .bool(false)))
  }

  /// The value for `key`: the keys apps read are answered from the fields and
  /// the headers' entries, and only the constant ones from a listing.
  func value(for key: String) -> EnvironValue? {
    switch EnvironKey(key) {
    case .requestMethod?: return .string(request.method)
    case .scriptName?: return .string("")
    case .pathInfo?: return .string(request.pathInfo)
    case .contentLength?: return request.contentLength.map { .string($0) }
    case .wsgiInput?: return .input(input)
    case .wsgiErrors?: return .errors(errors)
    case .wsgiURLScheme?: return .string(request.scheme)
    default: break
    }
    switch key {
    case "QUERY_STRING": return .string(request.queryString)
    case "REQUEST_URI": return .string(request.requestURI)
    case "HTTP_HOST": return .string(request.httpHost)
    default: break
    }
    // Keys are unique, and no header's entry shares a key with the server's own.
    let length = key.utf8.count
    let matches = { (entry: Environ.Entry) in entry.key.utf8.count == length && entry.key == key }
    if let entry = request.headerEntries.first(where: matches) { return entry.value }
    return entries.first(where: matches)?.value
  }
}
