import Gateway
import Testing

@Suite("The environ a request becomes")
struct EnvironTests {
  @Test("defaults follow wsgiref.util.setup_testing_defaults")
  func defaults() {
    let environ = Request().environ()
    #expect(environ.string("REQUEST_METHOD") == "GET")
    #expect(environ.string("SCRIPT_NAME") == "")
    #expect(environ.string("PATH_INFO") == "/")
    #expect(environ.string("QUERY_STRING") == "")
    #expect(environ.string("SERVER_NAME") == "127.0.0.1")
    #expect(environ.string("SERVER_PORT") == "80")
    #expect(environ.string("SERVER_PROTOCOL") == "HTTP/1.1")
    #expect(environ.string("HTTP_HOST") == "127.0.0.1")
    #expect(environ["wsgi.version"] == .version(1, 0))
    #expect(environ.string("wsgi.url_scheme") == "http")
    #expect(environ["wsgi.multithread"] == .bool(false))
    #expect(environ["wsgi.multiprocess"] == .bool(false))
    #expect(environ["wsgi.run_once"] == .bool(false))
    #expect(environ.input != nil)
    #expect(environ.errors != nil)
    #expect(environ["CONTENT_LENGTH"] == nil)
  }

  @Test("the target splits into PATH_INFO, percent-decoded as latin-1, and the raw QUERY_STRING")
  func targetSplits() {
    let environ = Request(target: "/caf%C3%A9/a%20b?q=%20x&y=1#frag").environ()
    #expect(environ.string("PATH_INFO") == "/caf\u{C3}\u{A9}/a b")
    #expect(environ.string("QUERY_STRING") == "q=%20x&y=1")
    #expect(environ.string("REQUEST_URI") == "/caf%C3%A9/a%20b?q=%20x&y=1")
  }

  @Test(
    "every shape of target gives PATH_INFO, QUERY_STRING and REQUEST_URI as a server splits it",
    arguments: [
      ("/plain/path", "/plain/path", "", "/plain/path"),
      ("/", "/", "", "/"),
      ("/q?", "/q", "", "/q?"),
      ("/a#frag", "/a", "", "/a"),
      ("/caf\u{E9}", "/caf\u{C3}\u{A9}", "", "/caf\u{C3}\u{A9}"),
      ("/caf\u{E9}?q=\u{20AC}5", "/caf\u{C3}\u{A9}", "q=\u{E2}\u{82}\u{AC}5", "/caf\u{C3}\u{A9}?q=\u{E2}\u{82}\u{AC}5"),
      ("relative", "relative", "", "relative"),
      ("?x=1", "/", "x=1", "/?x=1"),
      ("", "/", "", "/"),
    ])
  func targetShapes(target: String, pathInfo: String, query: String, requestURI: String) {
    let environ = Request(target: target).environ()
    #expect(environ.string("PATH_INFO") == pathInfo)
    #expect(environ.string("QUERY_STRING") == query)
    #expect(environ.string("REQUEST_URI") == requestURI)
  }

  @Test("an absolute target sets the scheme, HTTP_HOST, and the server's name and port as a pasted curl does")
  func absoluteTarget() {
    let environ = Request(target: "https://shop.example:8443/cart").environ()
    #expect(environ.string("wsgi.url_scheme") == "https")
    #expect(environ.string("SERVER_NAME") == "shop.example")
    #expect(environ.string("SERVER_PORT") == "8443")
    #expect(environ.string("HTTP_HOST") == "shop.example:8443")
    #expect(environ.string("PATH_INFO") == "/cart")
    // What wsgiref.util.request_uri rebuilds from SERVER_NAME and SERVER_PORT is the URL typed.
    #expect(Request(target: "http://user:pw@shop.example:8080/x").environ().string("SERVER_NAME") == "shop.example")
  }

  @Test(
    "the server's name and port from an absolute target: the scheme's port by default, IPv6 brackets kept",
    arguments: [
      ("http://shop.example/x", "shop.example", "80"),
      ("HTTPS://shop.example?q=1", "shop.example", "443"),
      ("http://[::1]:8080/x", "[::1]", "8080"),
      ("http://[::1]/x", "[::1]", "80"),
      ("http://shop.example:port/x", "shop.example", "80"),
      ("/x", "127.0.0.1", "80"),
    ])
  func serverFromTarget(target: String, name: String, port: String) {
    let environ = Request(target: target).environ()
    #expect(environ.string("SERVER_NAME") == name)
    #expect(environ.string("SERVER_PORT") == port)
  }

  @Test("headers become HTTP_* entries; Content-Type and Content-Length become CGI variables")
  func headersMap() {
    let environ = Request(
      method: "POST", target: "/",
      headers: [
        HeaderField("Content-Type", "application/json"), HeaderField("X-Request-Id", "abc"),
        HeaderField("Accept", "text/html"), HeaderField("Accept", "application/json"),
      ],
      body: .bytes(Array("{}".utf8))
    ).environ()
    #expect(environ.string("CONTENT_TYPE") == "application/json")
    #expect(environ.string("CONTENT_LENGTH") == "2")
    #expect(environ.string("HTTP_X_REQUEST_ID") == "abc")
    #expect(environ.string("HTTP_ACCEPT") == "text/html,application/json")
    #expect(environ["HTTP_CONTENT_TYPE"] == nil)
  }

  @Test("what a user typed reaches the app as its UTF-8 bytes read as latin-1, as wsgiref behind curl gives it")
  func typedTextBecomesBytes() {
    let environ = Request(
      method: "GET", target: "http://h\u{E9}te/caf%C3%A9?q=caf\u{E9}",
      headers: [
        HeaderField("X-In", "caf\u{E9}"), HeaderField("X-Price", "\u{20AC}5"), HeaderField("X-Plain", "ascii"),
      ],
      overrides: [("REMOTE_USER", .string("jos\u{E9}")), ("X_EURO", .string("\u{20AC}"))]
    ).environ()
    #expect(environ.string("HTTP_X_IN") == "caf\u{C3}\u{A9}")
    #expect(environ.string("HTTP_X_PRICE") == "\u{E2}\u{82}\u{AC}5")
    #expect(environ.string("HTTP_X_PLAIN") == "ascii")
    #expect(environ.string("QUERY_STRING") == "q=caf\u{C3}\u{A9}")
    #expect(environ.string("PATH_INFO") == "/caf\u{C3}\u{A9}")
    #expect(environ.string("REQUEST_URI") == "/caf%C3%A9?q=caf\u{C3}\u{A9}")
    #expect(environ.string("HTTP_HOST") == "h\u{C3}\u{A9}te")
    #expect(environ.string("REMOTE_USER") == "jos\u{C3}\u{A9}")
    #expect(environ.string("X_EURO") == "\u{E2}\u{82}\u{AC}")
    // Every string holds only latin-1 code points, so gwsh never flags its own environ.
    let exchange = Dispatcher().dispatch(
      Request(target: "/\u{20AC}?q=\u{20AC}", headers: [HeaderField("X-Price", "\u{20AC}5")]),
      to: app { _, start in
        try start("204 No Content", [])
        return ChunkedBody.empty
      })
    #expect(exchange.diagnosticIDs.isEmpty)
  }

  @Test("show env shows a string of UTF-8 bytes as the text typed, and the bytes the app gets")
  func shownText() {
    let environ = Request(target: "/caf%E9", headers: [HeaderField("X-In", "caf\u{E9} \\ 'x'")]).environ()
    let header = environ["HTTP_X_IN"]!
    #expect(header.shownText == "caf\u{E9} \\ 'x'")
    #expect(header.nativeBytesText == "'caf\\xc3\\xa9 \\\\ \\'x\\''")
    // A byte that is not UTF-8 (a percent-escape) shows as the byte, as in a response, with the bytes beside.
    #expect(VisibleText.escaped(environ["PATH_INFO"]!.shownText) == "/caf\\xe9")
    #expect(environ["PATH_INFO"]!.nativeBytesText == "'/caf\\xe9'")
    #expect(environ["HTTP_HOST"]!.nativeBytesText == nil)
    #expect(EnvironValue.string("\u{20AC}").nativeBytesText == nil)
  }

  @Test("a header whose name holds '_' is dropped, and the exchange says so")
  func underscoreHeaderDropped() {
    let request = Request(headers: [HeaderField("X_Auth", "admin"), HeaderField("X-Auth", "user")])
    #expect(request.environ().string("HTTP_X_AUTH") == "user")
    let exchange = Dispatcher().dispatch(
      request,
      to: app { _, start in
        try start("204 No Content", [])
        return ChunkedBody.empty
      })
    #expect(exchange.diagnosticIDs.contains("request.header-underscore"))
  }

  @Test("visiting the entries gives those the list holds, in order, for a server's environ and a composed one")
  func visitingEntries() {
    let server = Request(target: "/v?q=1", headers: [HeaderField("X-One", "1"), HeaderField("Content-Length", "0")])
      .environ()
    let composed = Request(target: "/v", overrides: [("gwsh.custom", .string("yes"))]).environ()
    for environ in [server, composed] {
      var visited: [Environ.Entry] = []
      environ.forEachEntry { visited.append($0) }
      #expect(visited == environ.entries)
      #expect(visited.count >= 20)
    }
    // A server's entries are built from the same visit: the order is checked against wsgiref's, written out.
    var keys: [String] = []
    server.forEachEntry { keys.append($0.key) }
    #expect(
      keys == [
        "REQUEST_METHOD", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING", "REQUEST_URI", "SERVER_NAME", "SERVER_PORT",
        "SERVER_PROTOCOL", "SERVER_SOFTWARE", "GATEWAY_INTERFACE", "REMOTE_ADDR", "HTTP_HOST", "CONTENT_LENGTH",
        "HTTP_X_ONE", "wsgi.version", "wsgi.url_scheme", "wsgi.input", "wsgi.errors", "wsgi.multithread",
        "wsgi.multiprocess", "wsgi.run_once",
      ])
  }

  @Test("raw overrides apply last, entry by entry, and nil removes an entry")
  func overrides() {
    let environ = Request(
      target: "/x",
      overrides: [
        ("SERVER_NAME", .string("api.internal")), ("wsgi.multithread", .bool(true)), ("HTTP_HOST", nil),
        ("gwsh.custom", .string("yes")),
      ]
    ).environ()
    #expect(environ.string("SERVER_NAME") == "api.internal")
    #expect(environ["wsgi.multithread"] == .bool(true))
    #expect(environ["HTTP_HOST"] == nil)
    #expect(environ.string("gwsh.custom") == "yes")
    #expect(environ.keys.last == "gwsh.custom")
  }

  @Test("overriding CONTENT_LENGTH changes how much of the body the app can read")
  func contentLengthOverride() throws {
    let environ = Request(
      method: "POST", body: .bytes(Array("hello world".utf8)), overrides: [("CONTENT_LENGTH", .string("5"))]
    ).environ()
    #expect(try environ.input?.read() == Array("hello".utf8))
  }

  @Test("entries keep the order they were added in")
  func order() {
    var environ = Environ([("B", .string("1")), ("A", .string("2"))])
    environ["C"] = .string("3")
    environ["B"] = .string("4")
    #expect(environ.keys == ["B", "A", "C"])
    #expect(environ.string("B") == "4")
  }

  @Test(
    "a request's environ reads and checks the same as the same entries composed by hand",
    arguments: [
      Request(),
      Request(method: "HEAD", target: "/x?y=1"),
      Request(method: "G\u{20AC}T", target: "/caf%C3%A9/a%20b?q=\u{20AC}&y=1#frag"),
      Request(target: "https://shop.example:8443/cart?x"),
      Request(target: "http://h\u{20AC}st/p"),
      Request(target: "relative"),
      Request(target: "?x=1"),
      Request(method: "BREW"),
      Request(
        method: "POST",
        headers: [
          HeaderField("Content-Type", "application/json"), HeaderField("Accept", "text/html"),
          HeaderField("Accept", "application/j\u{20AC}son"),
        ],
        body: .bytes(Array("{}".utf8))),
      Request(headers: [HeaderField("Host", "a"), HeaderField("Host", "b")]),
      Request(target: "http://abs/x", headers: [HeaderField("Host", "a"), HeaderField("Host", "b")]),
      Request(headers: [HeaderField("Content-Length", "abc")], body: .bytes([1, 2, 3])),
      Request(body: .bytes([1, 2, 3])),
    ])
  func serverEnvironAgreesWithList(request: Request) {
    let environ = request.environ()
    let composed = Environ(environ.entries.map { ($0.key, $0.value) })
    #expect(environ.keys == composed.keys)
    for key in composed.keys + ["NOT_THERE", "HTTP_CONTENT_TYPE", "CONTENT_TYPE"] {
      #expect(environ[key] == composed[key], "\(key)")
    }
    #expect(environ.requestMethod == composed.requestMethod)
    let respond = app { _, start in
      try start("200 OK", [("Content-Type", "text/plain")])
      return ChunkedBody.empty
    }
    let diagnostics = Dispatcher().dispatch(environ: environ, to: respond).diagnostics
    #expect(diagnostics == Dispatcher().dispatch(environ: composed, to: respond).diagnostics)
  }
}
