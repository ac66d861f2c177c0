import AppLoaders
import Gateway
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
    let directory = TempDirectory()
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

  @Test("a CGI program's environment holds the bytes themselves, one byte for each")
  func cgi() throws {
    let directory = TempDirectory()
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
