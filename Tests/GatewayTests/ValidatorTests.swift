import Gateway
import Testing

/// One rule and an exchange that should break it.
struct RuleCase: CustomTestStringConvertible, Sendable {
  let id: String
  let run: @Sendable () -> Exchange
  var testDescription: String { id }
}

/// Responds with `status` and `headers`, then `body`.
func responding(_ status: String, _ headers: [(String, String)], _ body: String = "") -> ClosureApplication {
  app { _, start in
    try start(status, headers)
    return ChunkedBody(body)
  }
}

/// Dispatches a request with raw environ overrides to an app that answers 200.
func composed(_ overrides: [(key: String, value: EnvironValue?)], body: [UInt8] = []) -> Exchange {
  Dispatcher().dispatch(
    Request(method: "POST", body: .bytes(body), overrides: overrides), to: responding("200 OK", plainText))
}

let ruleCases: [RuleCase] = [
  RuleCase(id: "environ.missing-key") { composed([("SERVER_PORT", nil)]) },
  RuleCase(id: "environ.type") { composed([("wsgi.multithread", .string("yes"))]) },
  RuleCase(id: "environ.http-content-headers") { composed([("HTTP_CONTENT_TYPE", .string("text/plain"))]) },
  RuleCase(id: "environ.wsgi-version") { composed([("wsgi.version", .version(2, 0))]) },
  RuleCase(id: "environ.url-scheme") { composed([("wsgi.url_scheme", .string("ftp"))]) },
  RuleCase(id: "environ.request-method") { composed([("REQUEST_METHOD", .string("BREW"))]) },
  RuleCase(id: "environ.script-name") { composed([("SCRIPT_NAME", .string("/"))]) },
  RuleCase(id: "environ.path-info") { composed([("PATH_INFO", .string("no-slash"))]) },
  RuleCase(id: "environ.empty-path") { composed([("PATH_INFO", .string(""))]) },
  RuleCase(id: "environ.content-length") { composed([("CONTENT_LENGTH", .string("-1"))]) },
  RuleCase(id: "environ.latin-1") {
    // A request's strings become bytes read as latin-1; only an environ composed by hand can break the rule.
    var environ = Request().environ()
    environ["PATH_INFO"] = .string("/€")
    return Dispatcher().dispatch(environ: environ, to: responding("200 OK", plainText))
  },
  RuleCase(id: "request.body-without-length") { composed([("CONTENT_LENGTH", nil)], body: [1, 2, 3]) },
  RuleCase(id: "request.header-underscore") {
    dispatch(responding("200 OK", plainText), headers: [HeaderField("X_Forwarded_For", "1.2.3.4")])
  },
  RuleCase(id: "start-response.twice") {
    dispatch(
      app { _, start in
        try start("200 OK", plainText)
        _ = try? start("200 OK", plainText)
        return ChunkedBody("x")
      })
  },
  RuleCase(id: "start-response.missing") { dispatch(app { _, _ in ChunkedBody("x") }) },
  RuleCase(id: "start-response.exc-info-after-headers") {
    dispatch(
      app { _, start in
        try start("200 OK", plainText)("sent")
        try start("500 Internal Server Error", plainText, excInfo: AppError())
        return ChunkedBody.empty
      })
  },
  RuleCase(id: "start-response.exc-info-replaced") {
    dispatch(
      app { _, start in
        try start("200 OK", plainText)
        try start("500 Internal Server Error", plainText, excInfo: AppError())
        return ChunkedBody("x")
      })
  },
  RuleCase(id: "status.format") { dispatch(responding("2000 OK", plainText)) },
  RuleCase(id: "status.reason") { dispatch(responding("200", plainText)) },
  RuleCase(id: "status.characters") { dispatch(responding("200 OK\r\nX-Evil: 1", plainText)) },
  RuleCase(id: "header.name") { dispatch(responding("200 OK", plainText + [("Bad Name", "x")])) },
  RuleCase(id: "header.status") { dispatch(responding("200 OK", plainText + [("Status", "200 OK")])) },
  RuleCase(id: "header.value-crlf") {
    dispatch(responding("200 OK", plainText + [("X-Note", "a\r\nSet-Cookie: forged=1")]))
  },
  RuleCase(id: "header.value-control") { dispatch(responding("200 OK", plainText + [("X-Note", "a\u{1b}[31m")])) },
  RuleCase(id: "header.latin-1") { dispatch(responding("200 OK", plainText + [("X-Price", "5 €")])) },
  RuleCase(id: "header.hop-by-hop") { dispatch(responding("200 OK", plainText + [("Transfer-Encoding", "chunked")])) },
  RuleCase(id: "header.content-type-missing") { dispatch(responding("200 OK", [], "x")) },
  RuleCase(id: "header.content-type-forbidden") { dispatch(responding("304 Not Modified", plainText)) },
  RuleCase(id: "header.duplicate") {
    dispatch(responding("200 OK", plainText + [("Content-Type", "text/html")], "x"))
  },
  RuleCase(id: "header.content-length") {
    dispatch(responding("200 OK", plainText + [("Content-Length", "ten")], "x"))
  },
  RuleCase(id: "body.shorter-than-content-length") {
    dispatch(responding("200 OK", plainText + [("Content-Length", "10")], "x"))
  },
  RuleCase(id: "body.longer-than-content-length") {
    dispatch(responding("200 OK", plainText + [("Content-Length", "0")], "x"))
  },
  RuleCase(id: "body.forbidden") { dispatch(responding("204 No Content", [], "x")) },
  RuleCase(id: "body.head") { dispatch(responding("200 OK", plainText, "x"), method: "HEAD") },
  RuleCase(id: "write.before-start-response") {
    dispatch(
      app { _, start in
        try start.context.write([1])
        return ChunkedBody.empty
      })
  },
  RuleCase(id: "write.used") {
    dispatch(
      app { _, start in
        try start("200 OK", plainText)("x")
        return ChunkedBody.empty
      })
  },
  RuleCase(id: "input.close") {
    dispatch(
      app { environ, start in
        environ.input?.close()
        try start("200 OK", plainText)
        return ChunkedBody.empty
      })
  },
  RuleCase(id: "input.read-without-size") {
    dispatch(
      app { environ, start in
        _ = try environ.input?.read()
        try start("200 OK", plainText)
        return ChunkedBody.empty
      }, method: "POST", body: [1, 2])
  },
  RuleCase(id: "input.read-past-length") {
    dispatch(
      app { environ, start in
        _ = try environ.input?.read(2)
        _ = try environ.input?.read(1024)
        try start("200 OK", plainText)
        return ChunkedBody.empty
      }, method: "POST", body: [1, 2])
  },
  RuleCase(id: "errors.close") {
    dispatch(
      app { environ, start in
        environ.errors?.close()
        try start("200 OK", plainText)
        return ChunkedBody.empty
      })
  },
  RuleCase(id: "app.error-before-headers") { dispatch(app { _, _ in throw AppError() }) },
  RuleCase(id: "app.error-after-headers") {
    dispatch(
      app { _, start in
        try start("200 OK", plainText)
        return ClosingBody(["a", "b"], failAfter: 1)
      })
  },
  RuleCase(id: "app.close-failed") {
    dispatch(
      app { _, start in
        try start("200 OK", plainText)
        return StreamingBody(next: { nil }, close: { throw AppError() })
      })
  },
  RuleCase(id: "dispatch.stopped") {
    dispatch(
      app { _, start in
        try start("200 OK", plainText)
        return StreamingBody(next: { [0] })
      }, limits: DispatchLimits(responseLimit: 1000))
  },
]

/// Rules only a bridge can see (a Python app passing a str where bytes belong);
/// the bridges report them through `GatewayContext.report`, and their tests cover them.
let bridgeReportedRules: Set<String> = [
  "start-response.arguments", "body.not-bytes", "body.iterable-is-string", "errors.not-string",
  // Reported by the CGI loader (AppLoaders), covered by AppLoadersTests.
  "cgi.httpoxy", "cgi.response-malformed", "cgi.local-redirect", "cgi.program-refused",
]

@Suite("The validator")
struct ValidatorTests {
  @Test("a dispatcher that remembers the last status and headers that passed still reports every later problem")
  func rememberedHeadHidesNothing() {
    let dispatcher = Dispatcher()
    let plain = [("Content-Type", "text/plain"), ("Content-Length", "2")]
    let steps: [(status: String, headers: [(String, String)], body: String, expected: [String])] = [
      ("200 OK", plain, "ok", []),
      ("200 OK", plain, "ok", []),
      ("200 OK", plain, "okk", ["body.longer-than-content-length"]),
      ("200 OK", plain, "o", ["body.shorter-than-content-length"]),
      ("200 OK", [plain[0], ("Content-Length", "3")], "ok", ["body.shorter-than-content-length"]),
      ("200 OK", [("Content-Type", "text/plain\r\nX: 1"), plain[1]], "ok", ["header.value-crlf"]),
      ("200 OK", plain, "ok", []),
      ("204 No Content", plain, "", ["header.content-type-forbidden"]),
      ("200 OK", plain + [("Content-Length", "2")], "ok", ["header.duplicate"]),
      ("200 OK", plain, "ok", []),
      // The same head twice: with no body it needs no Content-Type, with one it does.
      ("201 Created", [], "", []),
      ("201 Created", [], "late", ["header.content-type-missing"]),
    ]
    for step in steps {
      let exchange = dispatcher.dispatch(Request(), to: responding(step.status, step.headers, step.body))
      #expect(exchange.diagnosticIDs == step.expected, "\(step.status) \(step.headers) \(step.body)")
    }
  }

  @Test("a dispatcher that remembers the last request environ that passed still reports every later problem")
  func rememberedEnvironHidesNothing() {
    let dispatcher = Dispatcher()
    let steps: [(request: Request, expected: [String])] = [
      (Request(), []),
      (Request(), []),
      (Request(target: "/caf%E9"), []),
      (Request(target: "/€"), []),
      (Request(), []),
      (Request(method: "BREW"), ["environ.request-method"]),
      (Request(headers: [HeaderField("X-Price", "5 €")]), []),
      (Request(headers: [HeaderField("X-Price", "5")]), []),
      (Request(headers: [HeaderField("Content-Length", "ten")]), ["environ.content-length"]),
      (Request(target: "http://host€/"), []),
      (Request(), []),
    ]
    for step in steps {
      let exchange = dispatcher.dispatch(step.request, to: responding("200 OK", plainText))
      #expect(exchange.diagnosticIDs == step.expected, "\(step.request.method) \(step.request.target)")
    }
  }

  @Test("each rule is reported when an exchange breaks it", arguments: ruleCases)
  func ruleIsReported(_ ruleCase: RuleCase) throws {
    let exchange = ruleCase.run()
    let diagnostic = try #require(exchange.diagnostics.first { $0.id == ruleCase.id }, "\(exchange.diagnostics)")
    #expect(!diagnostic.message.isEmpty)
    #expect(diagnostic.severity == diagnostic.rule.severity)
    #expect(Rule.named(ruleCase.id) != nil)
  }

  @Test("every rule in the catalog has a case here or is reported by a bridge")
  func catalogIsCovered() {
    let covered = Set(ruleCases.map(\.id)).union(bridgeReportedRules)
    #expect(Set(Rule.all.map(\.id)).subtracting(covered).isEmpty)
    #expect(Set(Rule.all.map(\.id)).count == Rule.all.count, "rule ids are unique")
  }

  @Test("a well-behaved app gets no diagnostics at all")
  func cleanApp() {
    let exchange = dispatch(
      app { environ, start in
        let body = try environ.input?.read(5) ?? []
        try start("200 OK", [("Content-Type", "text/plain"), ("Content-Length", String(body.count))])
        return ChunkedBody([body])
      }, method: "POST", body: Array("hello".utf8))
    #expect(exchange.diagnostics.isEmpty)
  }

  @Test("a status with a reason phrase of several words, and 1xx/204/304 without Content-Type, are fine")
  func validStatuses() {
    #expect(dispatch(responding("418 I'm a teapot", plainText)).diagnostics.isEmpty)
    #expect(dispatch(responding("304 Not Modified", [])).diagnostics.isEmpty)
    #expect(dispatch(responding("204 No Content", [])).diagnostics.isEmpty)
  }

  @Test("diagnostics read as sentences naming the rule's PEP 3333 section")
  func description() throws {
    let exchange = dispatch(responding("200 OK", plainText + [("Connection", "close")]))
    let diagnostic = try #require(exchange.diagnostics.first)
    #expect(
      diagnostic.description
        == "error [header.hop-by-hop] The app sent the hop-by-hop header Connection; only the server may. (PEP 3333: Other HTTP Features)"
    )
  }
}
