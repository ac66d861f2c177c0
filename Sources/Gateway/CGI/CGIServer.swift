/// Serves one request as a CGI program (RFC 3875), the way wsgiref's
/// `CGIHandler` does: the environ from the process environment, the body from
/// standard input, `Status:` and headers then the body on standard output.
///
/// The server itself holds no file or process: the caller passes the
/// environment and the three streams.
public struct CGIServer: Sendable {
  /// The application served.
  public var app: any Application
  /// The limits of the dispatch.
  public var limits: DispatchLimits

  /// Creates a server for `app`.
  public init(app: any Application, limits: DispatchLimits = DispatchLimits()) {
    self.app = app
    self.limits = limits
  }

  /// Builds the environ a CGI server hands the app: every variable of the
  /// process environment, plus the `wsgi.*` entries of a run-once, multi-process server.
  /// - Parameters:
  ///   - environment: The process environment, in order.
  ///   - input: Standard input; the app reads at most CONTENT_LENGTH bytes of it.
  public static func environ(from environment: [(String, String)], input: some ByteSource) -> Environ {
    var environ = Environ(environment.map { ($0.0, EnvironValue.string($0.1)) })
    let https = environ.string("HTTPS")?.lowercased()
    let scheme = ["on", "1", "yes"].contains(https ?? "") ? "https" : "http"
    let length = environ.string("CONTENT_LENGTH").flatMap { Int($0) } ?? 0
    environ["wsgi.version"] = .version(1, 0)
    environ["wsgi.url_scheme"] = .string(scheme)
    environ["wsgi.input"] = .input(WSGIInput(input, limit: length))
    environ["wsgi.errors"] = .errors(WSGIErrors())
    environ["wsgi.multithread"] = .bool(false)
    environ["wsgi.multiprocess"] = .bool(true)
    environ["wsgi.run_once"] = .bool(true)
    return environ
  }

  /// Serves one request.
  /// - Parameters:
  ///   - environment: The process environment.
  ///   - input: Standard input.
  ///   - output: Standard output; receives the CGI response as it streams.
  ///   - errors: Standard error; receives what the app writes to wsgi.errors.
  /// - Returns: The exchange, for a caller that wants to know what happened.
  @discardableResult
  public func serve(
    environment: [(String, String)], input: some ByteSource, output: some ByteSink & Sendable,
    errors: some ByteSink & Sendable
  ) -> Exchange {
    let writer = CGIResponseWriter(output: output, errors: errors)
    let environ = Self.environ(from: environment, input: input)
    let exchange = Dispatcher(limits: limits).dispatch(environ: environ, to: app, observer: writer)
    if case .stopped(let reason) = exchange.outcome { writer.log("the dispatch was \(reason)") }
    return exchange
  }
}
