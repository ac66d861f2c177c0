import Gateway
import GatewayApps
import Testing

@Suite("The built-in apps")
struct BuiltinAppsTests {
  @Test("every built-in app answers GET / without breaking a rule, except the one meant to")
  func everyAppAnswers() throws {
    for entry in BuiltinApps.all where entry.name != "slow" {
      let exchange = Dispatcher().dispatch(Request(target: "/"), to: entry.app)
      #expect(exchange.status != nil, "\(entry.name) sent no status")
      let errors = exchange.diagnostics(atLeast: .error)
      if entry.name == "broken" || entry.name == "excinfo" {
        #expect(!exchange.diagnostics.isEmpty, "\(entry.name) should give the validator something to say")
      } else {
        #expect(errors.isEmpty, "\(entry.name): \(errors)")
      }
    }
  }

  @Test("echo answers JSON in ASCII: header bytes read as latin-1 and the body's characters as \\u escapes")
  func echoEscapesPastASCII() throws {
    let echo = try #require(BuiltinApps.all.first { $0.name == "echo" }).app
    let request = Request(
      method: "POST", target: "/e?q=1", headers: [HeaderField("X-In", "caf\u{E9}")],
      body: .bytes(Array("caf\u{E9} \u{1F642}".utf8)))
    let exchange = Dispatcher().dispatch(request, to: echo)
    let body = exchange.body.head
    #expect(exchange.status == "200 OK")
    #expect(body.allSatisfy { $0 < 0x80 })
    #expect(exchange.headers.contains { $0.name == "Content-Length" && $0.value == String(body.count) })
    let text = String(decoding: body, as: UTF8.self)
    #expect(text.contains(#"  "environ": {"#))
    #expect(text.contains(#"    "HTTP_X_IN": "caf\u00c3\u00a9","#), "\(text)")
    #expect(text.contains(#"    "QUERY_STRING": "q=1","#))
    #expect(text.contains(#"    "wsgi.multithread": false,"#))
    #expect(text.contains(#"  "body": "caf\u00e9 \ud83d\ude42","#))
    #expect(text.hasSuffix("  \"body_length\": 10\n}\n"))
  }
}
