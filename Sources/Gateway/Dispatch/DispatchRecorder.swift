import Synchronization

/// The server side of one dispatch: applies the server rules to each gateway
/// call, runs the validator, and records everything into the exchange.
///
/// The thread running the app mutates it; a watchdog may read a snapshot from
/// another thread, so the state sits behind a mutex.
final class DispatchRecorder: Sendable {
  struct State {
    var status: String?
    var headers: [HeaderField] = []
    var startResponseCalls = 0
    var headersSent = false
    var sentStatus: String?
    var sentHeaders: [HeaderField] = []
    var trace = CallTrace()
    var body = CapturedBytes()
    var errors = CapturedBytes()
    var stray = CapturedBytes()
    var diagnostics: [Diagnostic] = []
    var firstStartResponse: Duration?
    var firstByte: Duration?
    var inputBytesRead = 0
    var droppedBodyBytes = 0
    var stop: StopReason?
    var failure: (AppFailure, afterHeaders: Bool)?
    var reportedWrite = false
    var reportedReadPastLength = false
    var reportedReadWithoutSize = false
  }

  let limits: DispatchLimits
  let environ: Environ
  private let observer: (any ExchangeObserver)?
  private let isHead: Bool
  private let start: ContinuousClock.Instant
  private let state = Mutex(State())

  init(environ: Environ, limits: DispatchLimits, observer: (any ExchangeObserver)?) {
    self.environ = environ
    self.limits = limits
    self.observer = observer
    self.isHead = environ.requestMethod == "HEAD"
    self.start = .now
  }

  var elapsed: Duration { ContinuousClock.now - start }

  // MARK: Stopping

  /// Throws when the dispatch must stop, recording why the first time.
  func checkStop() throws {
    let reason: StopReason? = state.withLock { state in
      if let stop = state.stop { return stop }
      if limits.cancellation?.isCancelled == true {
        state.stop = .cancelled
      } else if let deadline = limits.deadline, ContinuousClock.now >= deadline {
        state.stop = .timedOut(limits.timeout ?? .zero)
      }
      return state.stop
    }
    if let reason { throw GatewayError.stopped(reason) }
  }

  func stop(_ reason: StopReason) {
    state.withLock { state in
      if state.stop == nil { state.stop = reason }
    }
  }

  var stopReason: StopReason? { state.withLock { $0.stop } }

  // MARK: Gateway calls

  func trace(_ event: CallTrace.Event) {
    let time = elapsed
    state.withLock { $0.trace.append(event, at: time, limit: limits.traceLimit) }
  }

  func startResponse(status: String, headers: [HeaderField], excInfo: (any Error)?) throws {
    try checkStop()
    let time = elapsed
    let rethrow: Bool = try state.withLock { state in
      state.trace.append(
        .startResponse(status: status, headers: headers, excInfo: excInfo.map { String(describing: $0) }),
        at: time, limit: limits.traceLimit)
      state.startResponseCalls += 1
      if state.firstStartResponse == nil { state.firstStartResponse = time }
      if let excInfo {
        if state.headersSent {
          state.diagnostics.append(
            Diagnostic(
              .startResponseExcInfoAfterHeaders,
              "start_response was called with exc_info (\(excInfo)) after the headers went out; the error was re-raised."
            ))
          return true
        }
        if state.status != nil {
          state.diagnostics.append(
            Diagnostic(
              .startResponseExcInfoReplaced,
              "start_response replaced the status \(state.status!.quoted) with \(status.quoted) while handling \(excInfo)."
            ))
        }
      } else if let previous = state.status {
        state.diagnostics.append(
          Diagnostic(
            .startResponseTwice,
            "start_response was called again (with \(status.quoted), after \(previous.quoted)) without exc_info; it raised."
          ))
        throw GatewayError.startResponseCalledTwice
      }
      state.diagnostics.append(contentsOf: Validator.checkStatus(status))
      state.diagnostics.append(contentsOf: Validator.checkHeaders(headers, status: status))
      state.status = status
      state.headers = headers
      return false
    }
    if rethrow, let excInfo { throw excInfo }
  }

  func write(_ bytes: [UInt8]) throws {
    try checkStop()
    let time = elapsed
    let sent = try state.withLock { state in
      state.trace.append(.write(byteCount: bytes.count), at: time, limit: limits.traceLimit)
      guard state.status != nil else {
        state.diagnostics.append(
          Diagnostic(.writeBeforeStartResponse, "write() was called with \(bytes.count) bytes before start_response."))
        throw GatewayError.writeBeforeStartResponse
      }
      if !state.reportedWrite {
        state.reportedWrite = true
        state.diagnostics.append(Diagnostic(.writeUsed, "The app wrote body bytes through the write() callable."))
      }
      return deliver(bytes, forceHeaders: true, at: time, into: &state)
    }
    notify(sent, bytes)
    try checkStop()
  }

  /// A chunk the body iterable yielded.
  func yield(_ bytes: [UInt8]) throws {
    let time = elapsed
    let sent = try state.withLock { state in
      state.trace.append(.yield(byteCount: bytes.count), at: time, limit: limits.traceLimit)
      guard state.status != nil else {
        state.diagnostics.append(
          Diagnostic(
            .startResponseMissing, "The body yielded \(bytes.count) bytes before start_response was called."))
        throw GatewayError.startResponseNotCalled
      }
      return deliver(bytes, forceHeaders: false, at: time, into: &state)
    }
    notify(sent, bytes)
    try checkStop()
  }

  /// What a delivery sent: the headers (when this delivery sent them) and whether body bytes went out.
  struct Sent {
    var headers: (status: String, headers: [HeaderField])?
    var body = false
  }

  /// Sends the headers if they have not gone out, then the bytes, unless the request was HEAD.
  private func deliver(_ bytes: [UInt8], forceHeaders: Bool, at time: Duration, into state: inout State) -> Sent {
    var sent = Sent()
    guard !bytes.isEmpty || forceHeaders else { return sent }
    if !state.headersSent {
      sendHeaders(at: time, into: &state)
      sent.headers = (state.sentStatus ?? "", state.sentHeaders)
    }
    if isHead {
      state.droppedBodyBytes += bytes.count
      return sent
    }
    state.body.append(bytes, at: time, limits: limits.capture)
    sent.body = !bytes.isEmpty
    if let limit = limits.responseLimit, state.body.byteCount > limit, state.stop == nil {
      state.stop = .responseLimit(limit)
    }
    return sent
  }

  /// Tells the observer, outside the lock, what a delivery sent.
  private func notify(_ sent: Sent, _ bytes: [UInt8]) {
    guard let observer else { return }
    if let headers = sent.headers { observer.headersSent(status: headers.status, headers: headers.headers) }
    if sent.body { observer.bodySent(bytes) }
  }

  private func sendHeaders(at time: Duration, into state: inout State) {
    state.headersSent = true
    state.sentStatus = state.status
    state.sentHeaders = state.headers
    state.firstByte = time
    state.trace.append(.headersSent(status: state.status ?? ""), at: time, limit: limits.traceLimit)
  }

  func inputCall(_ call: WSGIInput.Call, returned: Int, wanted: Int?, exhausted: Bool) {
    let time = elapsed
    state.withLock { state in
      state.trace.append(.input(call, byteCount: returned), at: time, limit: limits.traceLimit)
      state.inputBytesRead += returned
      switch call {
      case .close:
        state.diagnostics.append(Diagnostic(.inputClosed, "The app called wsgi.input.close()."))
      case .read(nil) where !state.reportedReadWithoutSize:
        state.reportedReadWithoutSize = true
        state.diagnostics.append(
          Diagnostic(.inputReadWithoutSize, "The app called wsgi.input.read() without a size."))
      default:
        break
      }
      if let wanted, wanted > 0, returned == 0, exhausted, !state.reportedReadPastLength {
        state.reportedReadPastLength = true
        let length = environ.string("CONTENT_LENGTH").flatMap { Int($0) } ?? 0
        state.diagnostics.append(
          Diagnostic(
            .inputReadPastLength,
            "The app asked wsgi.input for \(wanted) more bytes after all \(length) of CONTENT_LENGTH were read."))
      }
    }
  }

  func errorsWrite(_ bytes: [UInt8], call: String) {
    let time = elapsed
    state.withLock { state in
      state.trace.append(.errors(call: call, byteCount: bytes.count), at: time, limit: limits.traceLimit)
      if call == "close" {
        state.diagnostics.append(Diagnostic(.errorsClosed, "The app called wsgi.errors.close()."))
      }
      if !bytes.isEmpty { state.errors.append(bytes, at: time, limits: limits.capture) }
    }
  }

  func report(_ diagnostic: Diagnostic) {
    state.withLock { $0.diagnostics.append(diagnostic) }
  }

  func recordStrayOutput(_ bytes: [UInt8]) {
    let time = elapsed
    state.withLock { $0.stray.append(bytes, at: time, limits: limits.capture) }
  }

  // MARK: Ending

  /// Applies what a server does when the app raises: log the error to
  /// wsgi.errors, then answer 500 if nothing went out yet, or cut the response.
  func appFailed(_ error: any Error) {
    let time = elapsed
    let failure = AppFailure(error)
    let sent = state.withLock { state -> Sent in
      state.trace.append(.raised(failure.message), at: time, limit: limits.traceLimit)
      if case .stopped = error as? GatewayError, state.stop != nil { return Sent() }
      guard state.failure == nil else { return Sent() }
      var log = failure.traceback.map { $0.hasSuffix("\n") ? $0 : $0 + "\n" } ?? ""
      log += "gwsh: the application raised: \(failure.message)\n"
      state.errors.append(Array(log.utf8), at: time, limits: limits.capture)
      if state.headersSent {
        state.failure = (failure, true)
        state.diagnostics.append(
          Diagnostic(
            .appErrorAfterHeaders,
            "The app raised after \(state.body.byteCount) body bytes went out: \(failure.message)"))
        return Sent()
      } else {
        state.failure = (failure, false)
        state.diagnostics.append(
          Diagnostic(.appErrorBeforeHeaders, "The app raised before the headers went out: \(failure.message)"))
        state.status = ServerError.status
        state.headers = ServerError.headers
        return deliver(ServerError.body, forceHeaders: true, at: time, into: &state)
      }
    }
    notify(sent, ServerError.body)
  }

  func closeFailed(_ error: any Error) {
    let time = elapsed
    let failure = AppFailure(error)
    state.withLock { state in
      state.trace.append(.raised(failure.message), at: time, limit: limits.traceLimit)
      state.diagnostics.append(Diagnostic(.appCloseFailed, "The body's close() raised: \(failure.message)"))
      let log = (failure.traceback ?? "") + "gwsh: close() raised: \(failure.message)\n"
      state.errors.append(Array(log.utf8), at: time, limits: limits.capture)
    }
  }

  /// Sends the headers of an empty body, runs the end-of-response checks, and
  /// returns the exchange.
  /// The body ended: an empty body's headers go out now, before close(), as
  /// wsgiref's `finish_content` sends them.
  func finishContent() {
    let time = elapsed
    let sent = state.withLock { state -> Sent in
      guard state.stop == nil, !state.headersSent, state.status != nil, state.failure == nil else { return Sent() }
      return deliver([], forceHeaders: true, at: time, into: &state)
    }
    notify(sent, [])
  }

  func finish() -> Exchange {
    let time = elapsed
    return state.withLock { state in
      if let stop = state.stop {
        state.trace.append(.stopped(stop), at: time, limit: limits.traceLimit)
        state.diagnostics.append(Diagnostic(.dispatchStopped, "The dispatch was stopped: \(stop)."))
      }
      if state.headersSent, state.stop == nil, state.failure?.afterHeaders != true {
        state.diagnostics.append(
          contentsOf: Validator.checkBody(
            status: state.sentStatus ?? "", headers: state.sentHeaders,
            byteCount: state.body.byteCount + state.droppedBodyBytes))
      }
      if state.droppedBodyBytes > 0 {
        state.diagnostics.append(
          Diagnostic(.bodyOnHead, "The app produced \(state.droppedBodyBytes) body bytes for HEAD; none were sent."))
      }
      return exchange(from: state, at: time)
    }
  }

  /// What was recorded so far, for a watchdog that gives up on the app.
  func snapshot(stoppedBecause reason: StopReason) -> Exchange {
    let time = elapsed
    return state.withLock { state in
      state.stop = state.stop ?? reason
      var copy = state
      copy.trace.append(.stopped(reason), at: time, limit: limits.traceLimit)
      copy.diagnostics.append(Diagnostic(.dispatchStopped, "The dispatch was stopped: \(reason)."))
      return exchange(from: copy, at: time)
    }
  }

  private func exchange(from state: State, at time: Duration) -> Exchange {
    let outcome: Outcome
    if let stop = state.stop {
      outcome = .stopped(stop)
    } else if let (failure, afterHeaders) = state.failure {
      outcome = afterHeaders ? .failedAfterHeaders(failure) : .failedBeforeHeaders(failure)
    } else {
      outcome = .completed
    }
    return Exchange(
      environ: environ,
      status: state.headersSent ? state.sentStatus : nil,
      headers: state.headersSent ? state.sentHeaders : [],
      body: state.body,
      errors: state.errors,
      strayOutput: state.stray,
      diagnostics: state.diagnostics,
      trace: state.trace,
      timings: Timings(startResponse: state.firstStartResponse, firstByte: state.firstByte, total: time),
      outcome: outcome,
      inputBytesRead: state.inputBytesRead,
      droppedBodyBytes: state.droppedBodyBytes)
  }
}

/// The response a server sends in place of an app that raised before its
/// headers went out (wsgiref's `error_status`, `error_headers`, `error_body`).
enum ServerError {
  static let status = "500 Internal Server Error"
  static let body = Array("A server error occurred.  Please contact the administrator.".utf8)
  static let headers = [HeaderField("Content-Type", "text/plain"), HeaderField("Content-Length", "\(body.count)")]
}

extension String {
  /// The string in single quotes, with what would break a line escaped, as a message quotes a value.
  var quoted: String {
    var result = "'"
    for scalar in unicodeScalars {
      switch scalar {
      case "\\": result += "\\\\"
      case "'": result += "\\'"
      case "\r": result += "\\r"
      case "\n": result += "\\n"
      case "\t": result += "\\t"
      case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
        let hex = String(scalar.value, radix: 16)
        result += "\\x" + (hex.count < 2 ? "0" + hex : hex)
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "'"
  }
}
