import Gateway

/// Breaks a rule of PEP 3333 (or HTTP) on every route, so the validator has
/// something to say. `/` lists the routes, and itself sends a hop-by-hop header.
struct BrokenApp: Application {
  var stopsWhenAsked: Bool { true }

  static let routes: [(path: String, breaks: String)] = [
    ("/", "sends Connection: close, a hop-by-hop header"),
    ("/status", "a status without the space: '200OK'"),
    ("/no-reason", "a status without a reason phrase: '200'"),
    ("/no-content-type", "a 200 response without Content-Type"),
    ("/crlf", "a header value with CR LF that would forge a Set-Cookie"),
    ("/latin1", "a header value past latin-1 ('€')"),
    ("/length-short", "Content-Length 100, 11 bytes of body"),
    ("/length-long", "Content-Length 5, 25 bytes of body"),
    ("/twice", "calls start_response twice without exc_info"),
    ("/no-start", "yields a chunk without calling start_response"),
    ("/no-content", "a 204 with a Content-Type and a body"),
    ("/streams", "reads wsgi.input without a size, closes wsgi.input and wsgi.errors"),
    ("/close-fails", "a body whose close() raises"),
  ]

  struct CloseError: Error, CustomStringConvertible {
    var description: String { "CloseError: the connection pool was already shut down" }
  }

  func callAsFunction(_ environ: Environ, _ startResponse: StartResponse) throws -> any ResponseBody {
    let text = [("Content-Type", "text/plain")]
    switch environ.string("PATH_INFO") ?? "/" {
    case "/":
      try startResponse("200 OK", text + [("Connection", "close")])
      return ChunkedBody(strings: Self.routes.map { "\($0.path)  \($0.breaks)\n" })
    case "/status":
      try startResponse("200OK", text)
    case "/no-reason":
      try startResponse("200", text)
    case "/no-content-type":
      try startResponse("200 OK", [])
    case "/crlf":
      try startResponse("200 OK", text + [("X-Note", "ok\r\nSet-Cookie: session=forged")])
    case "/latin1":
      try startResponse("200 OK", text + [("X-Price", "5 €")])
    case "/length-short":
      try startResponse("200 OK", text + [("Content-Length", "100")])
      return ChunkedBody("only this.\n")
    case "/length-long":
      try startResponse("200 OK", text + [("Content-Length", "5")])
      return ChunkedBody("this is more than five.\n")
    case "/twice":
      try startResponse("200 OK", text)
      do {
        try startResponse("404 Not Found", text)
      } catch {
        environ.errors?.write("broken: the second start_response raised: \(error)\n")
      }
    case "/no-start":
      return ChunkedBody("a chunk before start_response\n")
    case "/no-content":
      try startResponse("204 No Content", text)
      return ChunkedBody("a body a 204 must not have\n")
    case "/streams":
      let body = try environ.input?.read() ?? []
      environ.input?.close()
      environ.errors?.write("broken: read \(body.count) bytes, closing the streams\n")
      environ.errors?.close()
      try startResponse("200 OK", text)
    case "/close-fails":
      try startResponse("200 OK", text)
      return StreamingBody(next: { nil }, close: { throw CloseError() })
    default:
      try startResponse("404 Not Found", text)
      return ChunkedBody("no such route; GET / lists them\n")
    }
    return ChunkedBody("this response breaks a rule: see the diagnostics\n")
  }
}
