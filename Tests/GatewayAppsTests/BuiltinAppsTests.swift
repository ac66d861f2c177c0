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
}
