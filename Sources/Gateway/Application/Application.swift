/// A web application that speaks the gateway interface, the Swift form of a
/// PEP 3333 callable: `application(environ, start_response)` returning an
/// iterable of bytestrings.
///
/// ```swift
/// struct Hello: Application {
///   func callAsFunction(_ environ: Environ, _ startResponse: StartResponse) throws -> any ResponseBody {
///     try startResponse("200 OK", [("Content-Type", "text/plain")])
///     return ChunkedBody("Hello, \(environ.string("PATH_INFO") ?? "/")\n")
///   }
/// }
/// ```
public protocol Application: Sendable {
  /// Answers one request.
  /// - Parameters:
  ///   - environ: The CGI meta-variables and `wsgi.*` entries of the request.
  ///   - startResponse: Begins the response; call it before the body yields its first chunk.
  /// - Returns: The body, which the server iterates and then closes.
  /// - Throws: Any error; before the headers went out the server answers 500, after it cuts the response short.
  func callAsFunction(_ environ: Environ, _ startResponse: StartResponse) throws -> any ResponseBody

  /// Whether the app stops by itself, soon after its dispatch's deadline passes
  /// or it is cancelled, even while it waits outside the gateway.
  ///
  /// Such an app (the CGI and Python loaders' proxies, which wait on a child
  /// with ``GatewayContext/shouldStop`` in mind) runs on the caller's thread in
  /// ``Dispatcher/dispatchWatched(_:to:observer:grace:)``, saving the hand-over
  /// to a thread of its own. The default is `false`: an app may block anywhere.
  var stopsWhenAsked: Bool { get }
}

extension Application {
  public var stopsWhenAsked: Bool { false }
}

/// An application made from a closure.
public struct ClosureApplication: Application {
  private let body: @Sendable (Environ, StartResponse) throws -> any ResponseBody

  /// Creates an application that runs `body` for each request.
  public init(_ body: @escaping @Sendable (Environ, StartResponse) throws -> any ResponseBody) {
    self.body = body
  }

  public func callAsFunction(_ environ: Environ, _ startResponse: StartResponse) throws -> any ResponseBody {
    try body(environ, startResponse)
  }
}

/// An error that carries a traceback from the other side of a bridge (a Python
/// worker, a CGI child), shown in the errors output as a server would log it.
public protocol TracebackCarrying: Error {
  /// The traceback, as the app's runtime printed it.
  var traceback: String { get }
}
