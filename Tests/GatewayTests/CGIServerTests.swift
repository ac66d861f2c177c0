import Gateway
import Synchronization
import Testing

/// Collects what the CGI server writes.
final class Collected: ByteSink, Sendable {
  let bytes = Mutex<[UInt8]>([])
  func write(_ chunk: [UInt8]) throws { bytes.withLock { $0.append(contentsOf: chunk) } }
  var text: String { String(decoding: bytes.withLock { $0 }, as: UTF8.self) }
}

@Suite("The CGI server adapter")
struct CGIServerTests {
  let environment = [
    ("REQUEST_METHOD", "POST"), ("SERVER_NAME", "example.org"), ("SERVER_PORT", "80"), ("PATH_INFO", "/echo"),
    ("CONTENT_LENGTH", "5"), ("HTTPS", "on"),
  ]

  @Test("the environ comes from the process environment, with the wsgi.* of a run-once CGI server")
  func environ() {
    let environ = CGIServer.environ(from: environment, input: BytesSource([]))
    #expect(environ.string("PATH_INFO") == "/echo")
    #expect(environ.string("wsgi.url_scheme") == "https")
    #expect(environ["wsgi.run_once"] == .bool(true))
    #expect(environ["wsgi.multiprocess"] == .bool(true))
    #expect(environ["wsgi.multithread"] == .bool(false))
  }

  @Test("Status, headers, a blank line and the body go to stdout; only CONTENT_LENGTH bytes are read")
  func response() {
    let output = Collected()
    let errors = Collected()
    let server = CGIServer(
      app: app { environ, start in
        environ.errors?.write("logged\n")
        let body = try environ.input?.read() ?? []
        try start("201 Created", [("Content-Type", "text/plain")])
        return ChunkedBody([body])
      })
    server.serve(
      environment: environment, input: BytesSource(Array("hello and the rest".utf8)), output: output, errors: errors)
    #expect(output.text == "Status: 201 Created\r\nContent-Type: text/plain\r\n\r\nhello")
    #expect(errors.text == "logged\n")
  }

  @Test("an empty body still sends the status and headers")
  func emptyBody() {
    let output = Collected()
    CGIServer(app: responding("204 No Content", [])).serve(
      environment: environment, input: BytesSource([]), output: output, errors: Collected())
    #expect(output.text == "Status: 204 No Content\r\n\r\n")
  }

  @Test("a header value with CR or LF is never emitted: the response becomes a 500 and stderr says why")
  func responseSplittingRefused() {
    let output = Collected()
    let errors = Collected()
    CGIServer(app: responding("200 OK", plainText + [("X-Note", "a\r\nSet-Cookie: forged=1")], "body"))
      .serve(environment: environment, input: BytesSource([]), output: output, errors: errors)
    #expect(output.text.hasPrefix("Status: 500 Internal Server Error\r\n"))
    #expect(!output.text.contains("forged"))
    #expect(errors.text.contains("X-Note"))
  }

  @Test("an app that raises before its headers gets a 500 on stdout and its error on stderr")
  func appError() {
    let output = Collected()
    let errors = Collected()
    CGIServer(app: app { _, _ in throw AppError() })
      .serve(environment: environment, input: BytesSource([]), output: output, errors: errors)
    #expect(output.text.hasPrefix("Status: 500 Internal Server Error\r\n"))
    #expect(errors.text.contains("AppError: something went wrong"))
  }
}
