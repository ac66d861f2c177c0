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
  let observer: (any ExchangeObserver)?
  private let isHead: Bool
  let start: ContinuousClock.Instant
  let state = Mutex(State())
  /// When the calls a bridge replays happened, in nanoseconds from the start; -1 when they happen now.
  private let replayTime = Atomic<Int64>(-1)

  init(environ: Environ, limits: DispatchLimits, observer: (any ExchangeObserver)?) {
    self.environ = environ
    self.limits = limits
    self.observer = observer
    self.isHead = environ.requestMethod == "HEAD"
    self.start = .now
  }

  /// The time of a call being recorded: now, or when a replayed call happened (never later than now).
  var elapsed: Duration {
    let now = ContinuousClock.now - start
    let replayed = replayTime.load(ordering: .relaxed)
    return replayed < 0 ? now : min(now, .nanoseconds(replayed))
  }

  func replaying<T>(at time: Duration, _ body: () throws -> T) rethrows -> T {
    let (seconds, attoseconds) = max(time, .zero).components
    replayTime.store(seconds * 1_000_000_000 + attoseconds / 1_000_000_000, ordering: .relaxed)
    defer { replayTime.store(-1, ordering: .relaxed) }
    return try body()
  }

  // MARK: Stopping

  /// Throws when the dispatch must stop, recording why the first time.
  /// - Parameter time: The time of the call being checked, when the caller read the clock already.
  func checkStop(at time: Duration? = nil) throws {
    let reason: StopReason? = state.withLock { state in
      if let stop = state.stop { return stop }
      if limits.cancellation?.isCancelled == true {
        state.stop = .cancelled
      } else if let deadline = limits.deadline, time.map({ start + $0 }) ?? .now >= deadline {
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
    let time = elapsed
    try checkStop(at: time)
    let rethrow: Bool = try state.withLock { state in
      let stamped = state.trace.append(
        .startResponse(status: status, headers: headers, excInfo: excInfo.map { String(describing: $0) }),
        at: time, limit: limits.traceLimit)
      state.startResponseCalls += 1
      if state.firstStartResponse == nil { state.firstStartResponse = stamped }
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
      state.diagnostics.add(Validator.checkStatus(status))
      state.diagnostics.add(Validator.checkHeaders(headers, status: status))
      state.status = status
      state.headers = headers
      return false
    }
    if rethrow, let excInfo { throw excInfo }
  }

  func write(_ bytes: [UInt8]) throws {
    let time = elapsed
    try checkStop(at: time)
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
    // Without an observer nothing ran since `time` was read, so the clock need not be read again.
    try checkStop(at: observer == nil ? time : nil)
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
    // Without an observer nothing ran since `time` was read, so the clock need not be read again.
    try checkStop(at: observer == nil ? time : nil)
  }

  /// What a delivery sent: the headers (when this delivery sent them) and whether body bytes went out.
  struct Sent {
    var headers: (status: String, headers: [HeaderField])?
    var body = false
  }

  /// Sends the headers if they have not gone out, then the bytes, unless the request was HEAD.
  func deliver(_ bytes: [UInt8], forceHeaders: Bool, at time: Duration, into state: inout State) -> Sent {
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
  func notify(_ sent: Sent, _ bytes: [UInt8]) {
    guard let observer else { return }
    if let headers = sent.headers { observer.headersSent(status: headers.status, headers: headers.headers) }
    if sent.body { observer.bodySent(bytes) }
  }

  func sendHeaders(at time: Duration, into state: inout State) {
    state.headersSent = true
    state.sentStatus = state.status
    state.sentHeaders = state.headers
    state.firstByte = state.trace.append(.headersSent(status: state.status ?? ""), at: time, limit: limits.traceLimit)
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
    if !bytes.isEmpty { observer?.errorsWritten(bytes) }
  }

  func report(_ diagnostic: Diagnostic) {
    state.withLock { $0.diagnostics.append(diagnostic) }
  }

  func recordStrayOutput(_ bytes: [UInt8]) {
    let time = elapsed
    state.withLock { $0.stray.append(bytes, at: time, limits: limits.capture) }
  }
}
