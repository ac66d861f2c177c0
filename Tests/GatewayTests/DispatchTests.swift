import Gateway
import Testing

@Suite("Dispatch follows wsgiref's server rules")
struct DispatchTests {
  @Test("a trivial app completes with its status, headers and body, and no diagnostics")
  func trivialApp() {
    let exchange = dispatch(
      app { _, startResponse in
        try startResponse("200 OK", plainText)
        return ChunkedBody("hello\n")
      })
    #expect(exchange.outcome == .completed)
    #expect(exchange.status == "200 OK")
    #expect(exchange.headers == [HeaderField("Content-Type", "text/plain")])
    #expect(exchange.bodyText == "hello\n")
    #expect(exchange.diagnostics.isEmpty)
  }
}
