/// The `start_response` callable a server hands to an application.
///
/// Call it once with the status and headers; call it again only with
/// `excInfo`, to replace them after an error (before the headers went out) or
/// to have the error re-raised (after).
public struct StartResponse: Sendable {
  let recorder: DispatchRecorder

  /// Begins the response.
  /// - Parameters:
  ///   - status: The status line, such as `"200 OK"`.
  ///   - headers: The response headers as `(name, value)` pairs.
  ///   - excInfo: The error being handled, when replacing an earlier status.
  /// - Returns: The legacy `write` callable.
  /// - Throws: `excInfo` itself when the headers already went out; a
  ///   ``GatewayError`` when start_response was already called without it.
  @discardableResult
  public func callAsFunction(
    _ status: String, _ headers: [(String, String)], excInfo: (any Error)? = nil
  ) throws -> Write {
    try recorder.startResponse(status: status, headers: headers.map { HeaderField($0.0, $0.1) }, excInfo: excInfo)
    return Write(recorder: recorder)
  }

  /// What the server offers an app beyond PEP 3333: the deadline, cancellation,
  /// and a way for bridges to report what they saw on the other side.
  public var context: GatewayContext { GatewayContext(recorder: recorder) }
}

/// The `write` callable returned by ``StartResponse``.
public struct Write: Sendable {
  let recorder: DispatchRecorder

  /// Writes body bytes at once, sending the headers first if they have not gone out.
  /// - Throws: A ``GatewayError`` when start_response has not been called, or when the dispatch was stopped.
  public func callAsFunction(_ bytes: [UInt8]) throws {
    try recorder.write(bytes)
  }

  /// Writes the UTF-8 encoding of `text`.
  /// - Throws: As ``callAsFunction(_:)-([UInt8])``.
  public func callAsFunction(_ text: String) throws {
    try recorder.write(Array(text.utf8))
  }
}

/// The server side of one dispatch, as an app or a bridge sees it.
public struct GatewayContext: Sendable {
  let recorder: DispatchRecorder

  /// When the dispatch must end; a bridge waiting on a child stops it by then.
  public var deadline: ContinuousClock.Instant? { recorder.deadline }

  /// How long the dispatch has run.
  public var elapsed: Duration { recorder.running }

  /// Runs `body`, stamping the gateway calls it makes at `time` from the start
  /// of the dispatch (or now, if that is earlier), for a bridge that receives a
  /// foreign app's calls in batches and replays them, so that the call trace
  /// shows when each really happened.
  /// - Parameters:
  ///   - time: When the calls happened, from the start of the dispatch.
  ///   - body: Replays the calls through this context and the ``StartResponse``.
  public func replaying<T>(at time: Duration, _ body: () throws -> T) rethrows -> T {
    try recorder.replaying(at: time, body)
  }

  /// Runs `body`, in which the app waits for the person at the terminal (a
  /// debugger's prompt, say), without counting that time against the timeout:
  /// ``deadline`` moves on by as long as `body` took.
  public func waitingForPerson<T>(_ body: () throws -> T) rethrows -> T {
    try recorder.waitingForPerson(body)
  }

  /// Throws when the dispatch was cancelled or ran past its deadline.
  /// - Throws: ``GatewayError/stopped(_:)``.
  public func checkStop() throws { try recorder.checkStop() }

  /// Whether the dispatch was asked to stop, by cancellation or the deadline.
  public var shouldStop: Bool { (try? recorder.checkStop()) == nil }

  /// Records a diagnostic the gateway could not see itself, such as a Python
  /// app yielding a `str`, reported by the bridge that saw it.
  public func report(_ diagnostic: Diagnostic) { recorder.report(diagnostic) }

  /// The `write` callable, for a bridge that replays a foreign app's calls in
  /// the order they happened — including a `write` before `start_response`,
  /// which then raises as it would for the app.
  /// - Throws: As ``Write/callAsFunction(_:)-([UInt8])``.
  public func write(_ bytes: [UInt8]) throws { try recorder.write(bytes) }

  /// Records output that is not part of the protocol (a Python app's stray
  /// `print`), so it is shown without corrupting anything.
  /// - Parameter printedBeforeRequest: Whether the app printed it before this request began (a
  ///   background thread, between requests), which the shell shows apart.
  public func recordStrayOutput(_ bytes: [UInt8], printedBeforeRequest: Bool = false) {
    recorder.recordStrayOutput(bytes, printedBeforeRequest: printedBeforeRequest)
  }
}
