import Gateway

/// Builds an app from a closure, for tests that need one app per rule.
func app(
  _ body: @escaping @Sendable (Environ, StartResponse) throws -> any ResponseBody
) -> ClosureApplication {
  ClosureApplication(body)
}

/// One dispatcher for every test that dispatches through ``dispatch(_:method:target:headers:body:limits:)``,
/// so that what a dispatcher remembers between dispatches (the last status and
/// headers that passed) is carried from test to test, running in parallel, and
/// a rule case that saw it anyway shows it hides nothing.
let sharedDispatcher = Dispatcher()

/// Dispatches a GET (or another method) to `application` with default limits.
func dispatch(
  _ application: some Application, method: String = "GET", target: String = "/",
  headers: [HeaderField] = [], body: [UInt8] = [], limits: DispatchLimits = DispatchLimits()
) -> Exchange {
  var dispatcher = sharedDispatcher
  dispatcher.limits = limits
  return dispatcher.dispatch(
    Request(method: method, target: target, headers: headers, body: .bytes(body)), to: application)
}

extension Exchange {
  /// The ids of the diagnostics, in order.
  var diagnosticIDs: [String] { diagnostics.map(\.id) }
  /// The body head as UTF-8 text.
  var bodyText: String { String(decoding: body.head, as: UTF8.self) }
  /// The errors output as text.
  var errorsText: String { String(decoding: errors.head, as: UTF8.self) }
  /// The events of the call trace, without times.
  var events: [CallTrace.Event] { trace.entries.map(\.event) }
}

let plainText = [("Content-Type", "text/plain")]
