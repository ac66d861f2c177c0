import AppLoaders
import Gateway
import TestSupport
import Testing

/// What a user types reaches an app outside the process as its UTF-8 bytes, as
/// PEP 3333 and a real server give them: a Python app gets native strings
/// holding those bytes read as latin-1, a CGI program the bytes themselves.
@Suite("Non-ASCII text reaches CGI programs and Python apps as its UTF-8 bytes")
struct NativeStringTests {
  /// The request `header X-In: café`, `set X_RAW €5` and `GET /caf%C3%A9?q=café` compose.
  static func request(_ app: LoadedApp) -> Exchange {
    dispatch(
      app, target: "/caf%C3%A9?q=caf\u{E9}", headers: [HeaderField("X-In", "caf\u{E9}")],
      overrides: [("X_RAW", .string("\u{20AC}5"))])
  }

  @Test("a Python app gets each string as the bytes a server read, and nothing is flagged")
  func python() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    directory.write(
      "shows_environ.py",
      """
      def application(environ, start_response):
          keys = ["HTTP_X_IN", "QUERY_STRING", "PATH_INFO", "REQUEST_URI", "X_RAW"]
          start_response("200 OK", [("Content-Type", "text/plain")])
          return [ascii([environ[key] for key in keys]).encode("ascii")]
      """)
    let app = try AppLoader(options: LoadOptions(workingDirectory: directory.path))
      .load(AppSpec(parsing: "python:shows_environ"))
    defer { app.shutdown() }
    let exchange = Self.request(app)
    #expect(
      exchange.bodyText
        == #"['caf\xc3\xa9', 'q=caf\xc3\xa9', '/caf\xc3\xa9', '/caf%C3%A9?q=caf\xc3\xa9', '\xe2\x82\xac5']"#)
    #expect(exchange.diagnostics.isEmpty, "\(exchange.diagnostics)")
  }

  @Test("a Python app gets what it gets from wsgiref's simple_server behind curl, string for string")
  func sameAsWsgirefBehindCurl() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    directory.write(
      "shows_environ.py",
      """
      def application(environ, start_response):
          keys = ["HTTP_X_IN", "QUERY_STRING", "PATH_INFO", "HTTP_X_PRICE"]
          start_response("200 OK", [("Content-Type", "text/plain")])
          return [ascii([environ.get(key) for key in keys]).encode("ascii")]
      """)
    directory.write(
      "serve.py",
      """
      from wsgiref.simple_server import make_server, WSGIRequestHandler
      from shows_environ import application

      class Quiet(WSGIRequestHandler):
          def log_message(self, *args):
              pass

      server = make_server("127.0.0.1", 0, application, handler_class=Quiet)
      print(server.server_port, flush=True)
      server.handle_request()
      """)
    // One request to a real server from a real client: the port is read once the server prints it.
    let script = """
      python3 serve.py > port &
      while [ ! -s port ]; do sleep 0.05; done
      curl -sS -H 'X-In: caf\u{E9}' -H 'X-Price: \u{20AC}5' "http://127.0.0.1:$(cat port)/caf%C3%A9?q=caf\u{E9}"
      wait
      """
    let served = run(["/bin/sh", "-c", script], directory: directory.path)
    let wsgiref = String(decoding: served.output, as: UTF8.self)
    #expect(served.status == 0)
    #expect(wsgiref == #"['caf\xc3\xa9', 'q=caf\xc3\xa9', '/caf\xc3\xa9', '\xe2\x82\xac5']"#)
    let app = try AppLoader(options: LoadOptions(workingDirectory: directory.path))
      .load(AppSpec(parsing: "python:shows_environ"))
    defer { app.shutdown() }
    let exchange = dispatch(
      app, target: "/caf%C3%A9?q=caf\u{E9}",
      headers: [HeaderField("X-In", "caf\u{E9}"), HeaderField("X-Price", "\u{20AC}5")])
    #expect(exchange.bodyText == wsgiref)
  }

  @Test("a CGI program's environment holds the bytes themselves, one byte for each")
  func cgi() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    directory.write(
      "env.sh",
      """
      #!/bin/sh
      printf 'Content-Type: text/plain\\r\\n\\r\\n'
      for value in "$HTTP_X_IN" "$QUERY_STRING" "$PATH_INFO" "$X_RAW"; do
        printf '%s' "$value" | od -An -tx1 | tr -d ' \\n'
        echo
      done
      """, executable: true)
    let app = try AppLoader(options: LoadOptions(workingDirectory: directory.path))
      .load(AppSpec(parsing: "cgi:" + directory.path + "/env.sh"))
    defer { app.shutdown() }
    let exchange = Self.request(app)
    #expect(exchange.bodyText == "636166c3a9\n713d636166c3a9\n2f636166c3a9\ne282ac35\n")
  }
}
