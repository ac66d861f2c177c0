/// Where the engine puts a statement's events as it makes them: a list, for
/// ``SessionEngine/execute(_:observer:)`` and a shell, or a runner that counts
/// each event as it comes and keeps none, so a long replay makes no list per statement.
///
/// Dispatches and expectations, most of a replay, have methods of their own: a
/// sink that only reads them takes them as they are, without an event to box them in.
protocol SessionEventSink {
  /// A request, or a redirect hop, was dispatched.
  mutating func dispatched(_ record: DispatchRecord)
  /// An expectation was checked.
  mutating func checked(_ result: ExpectationResult)
  /// Any other event.
  mutating func receive(_ event: SessionEvent)
}

extension SessionEventSink {
  mutating func dispatched(_ record: DispatchRecord) { receive(.dispatched(record)) }
  mutating func checked(_ result: ExpectationResult) { receive(.expectation(result)) }
}

extension Array: SessionEventSink where Element == SessionEvent {
  mutating func receive(_ event: SessionEvent) { append(event) }
}

/// Hands each event to a closure: the sink of ``SessionEngine/execute(_:observer:each:)``.
struct ForwardingSink: SessionEventSink {
  let receive: (SessionEvent) -> Void

  mutating func receive(_ event: SessionEvent) { receive(event) }
}
