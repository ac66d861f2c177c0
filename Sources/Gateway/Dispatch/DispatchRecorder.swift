import Platform
import Synchronization

/// The server side of one dispatch: applies the server rules to each gateway
/// call, runs the validator, and records everything into the exchange.
///
/// The thread running the app mutates it; a watchdog may read a snapshot from
/// another thread, so the state sits behind a mutex.
final class DispatchRecorder: Sendable {
  struct State {
    /// What the exchange will hold, recorded in place: the status and headers
    /// once they went out, the body, errors, trace and diagnostics. Finishing
    /// hands the storage to the exchange; a call after that (from an app that
    /// kept a callable) changes a copy, never the exchange handed out.
    var storage: Exchange.Storage
    var recorded: Exchange.Parts {
      get { storage.parts }
      _modify { yield &Exchange.Storage.unique(&storage).parts }
    }
    /// The status and headers the app set, which go out with the first body byte.
    private(set) var status: String?
    private(set) var headers: [HeaderField] = []
    /// What the end-of-body check needs from `status` and `headers`.
    private(set) var facts: ResponseFacts?
    var startResponseCalls = 0
    var headersSent = false
    var stop: StopReason?
    var failure: (AppFailure, afterHeaders: Bool)?
    var reportedWrite = false
    var reportedReadPastLength = false
    var reportedReadWithoutSize = false
    /// The exchange, once the dispatch finished.
    var finished: Exchange?

    init(environ: Environ) {
      storage = Exchange.Storage(Exchange.Parts(environ: environ))
    }

    /// Sets the status and headers that go out with the first body byte.
    mutating func respond(_ status: String, _ headers: [HeaderField], facts: ResponseFacts) {
      self.status = status
      self.headers = headers
      self.facts = facts
    }
  }

  let limits: DispatchLimits
  let environ: Environ
  private let checks: ValidationMemo
  /// The environ's streams, which report to this recorder until it finishes.
  private let streams: EnvironStreams
  let observer: (any ExchangeObserver)?
  let isHead: Bool
  /// When the dispatch started, on ``MonotonicClock``.
  private let start: Nanoseconds
  let state: Mutex<State>
  /// When the calls a bridge replays happened, from the start; -1 when they happen now.
  private let replayTime = Atomic<Nanoseconds>(-1)
  /// How long the app waited for the person at the terminal (at a debugger's
  /// prompt), which the timeout does not count.
  private let waitedForPerson = Atomic<Nanoseconds>(0)
  /// Whether `state.stop` is set, readable without the lock.
  private let stopped = Atomic<Bool>(false)

  /// Starts recording a dispatch now.
  init(
    environ: Environ, streams: EnvironStreams, limits: DispatchLimits, checks: ValidationMemo,
    observer: (any ExchangeObserver)?
  ) {
    self.start = MonotonicClock.now()
    self.environ = environ
    self.streams = streams
    self.limits = limits
    self.checks = checks
    self.observer = observer
    self.isHead = environ.requestMethod == "HEAD"
    self.state = Mutex(State(environ: environ))
    streams.input.recorder = self
    streams.errors.recorder = self
  }

  /// Lets go of the streams, which hold this recorder until the dispatch ends.
  func detachStreams() {
    streams.input.recorder = nil
    streams.errors.recorder = nil
  }

  /// The time of a call being recorded: now, or when a replayed call happened (never later than now).
  var elapsed: Nanoseconds {
    let now = MonotonicClock.now() - start
    let replayed = replayTime.load(ordering: .relaxed)
    return replayed < 0 ? now : min(now, replayed)
  }

  /// How long the dispatch has run, whatever a bridge is replaying.
  var running: Duration { .nanoseconds(MonotonicClock.now() - start) }

  /// When the dispatch must end, on the clock bridges wait with.
  var deadline: ContinuousClock.Instant? {
    limits.timeout.map { .now + ($0 - running + .nanoseconds(waitedForPerson.load(ordering: .relaxed))) }
  }

  func waitingForPerson<T>(_ body: () throws -> T) rethrows -> T {
    let begin = MonotonicClock.now()
    defer { waitedForPerson.add(MonotonicClock.now() - begin, ordering: .relaxed) }
    return try body()
  }

  func replaying<T>(at time: Duration, _ body: () throws -> T) rethrows -> T {
    replayTime.store(max(time.clampedNanoseconds, 0), ordering: .relaxed)
    defer { replayTime.store(-1, ordering: .relaxed) }
    return try body()
  }

  // MARK: Stopping

  /// Throws when the dispatch must stop, recording why the first time.
  /// - Parameter time: The time of the call being checked, when the caller read the clock already.
  func checkStop(at time: Nanoseconds? = nil) throws {
    let due = stopDue(at: time)
    try state.withLock { try throwIfStopped(due, in: &$0) }
  }

  /// Why the dispatch must stop now, if it must: cancelled, or past its time.
  /// - Parameter time: The time of the call being checked, when the caller read the clock already.
  func stopDue(at time: Nanoseconds? = nil) -> StopReason? {
    if limits.cancellation?.isCancelled == true { return .cancelled }
    // Measured from the start in nanoseconds: comparing instants, or durations, is a call each.
    guard let timeout = limits.timeoutNanoseconds else { return nil }
    let ran = time ?? (MonotonicClock.now() - start)
    // The time waited for a person is read only once the clock alone says the time is up.
    guard ran >= timeout, ran - waitedForPerson.load(ordering: .relaxed) >= timeout else { return nil }
    return .timedOut(limits.timeout!)
  }

  /// Records `reason` as why the dispatch stopped, unless it stopped already.
  func noteStop(_ reason: StopReason?, in state: inout State) {
    guard state.stop == nil, let reason else { return }
    state.stop = reason
    stopped.store(true, ordering: .relaxed)
  }

  /// Records `due` (see ``noteStop(_:in:)``), then throws if the dispatch stopped, now or before.
  /// A gateway call checks inside the lock it records under, rather than taking it twice.
  func throwIfStopped(_ due: StopReason?, in state: inout State) throws {
    noteStop(due, in: &state)
    if let reason = state.stop { throw GatewayError.stopped(reason) }
  }

  /// Whether the dispatch was stopped: read without the lock, between body chunks.
  var isStopped: Bool { stopped.load(ordering: .relaxed) }

  // MARK: Gateway calls

  /// Records a step of the server's, and returns the time it was stamped with.
  /// - Parameter time: When it happened, when the caller knows; otherwise now.
  @discardableResult
  func trace(_ step: CallTrace.PlainCall, at time: Nanoseconds? = nil) -> Nanoseconds {
    let time = time ?? elapsed
    return state.withLock { $0.recorded.trace.append(step, at: time, limit: limits.traceLimit) }
  }

  func startResponse(status: String, headers: [HeaderField], excInfo: (any Error)?) throws {
    let time = elapsed
    let due = stopDue(at: time)
    let rethrow: Bool = try state.withLock { state in
      try throwIfStopped(due, in: &state)
      let stamped = state.recorded.trace.append(
        .startResponse(status: status, headers: headers, excInfo: excInfo.map { String(describing: $0) }),
        at: time, limit: limits.traceLimit)
      state.startResponseCalls += 1
      if state.recorded.timings.startResponse == nil { state.recorded.timings.startResponse = .nanoseconds(stamped) }
      if let excInfo {
        if state.headersSent {
          state.recorded.diagnostics.append(
            Diagnostic(
              .startResponseExcInfoAfterHeaders,
              "start_response was called with exc_info (\(excInfo)) after the headers went out; the error was re-raised."
            ))
          return true
        }
        if state.status != nil {
          state.recorded.diagnostics.append(
            Diagnostic(
              .startResponseExcInfoReplaced,
              "start_response replaced the status \(state.status!.quoted) with \(status.quoted) while handling \(excInfo)."
            ))
        }
      } else if let previous = state.status {
        state.recorded.diagnostics.append(
          Diagnostic(
            .startResponseTwice,
            "start_response was called again (with \(status.quoted), after \(previous.quoted)) without exc_info; it raised."
          ))
        throw GatewayError.startResponseCalledTwice
      }
      let (diagnostics, facts) = checks.checkHead(status: status, headers: headers)
      state.recorded.diagnostics.add(diagnostics)
      state.respond(status, headers, facts: facts)
      return false
    }
    if rethrow, let excInfo { throw excInfo }
  }

  func write(_ bytes: [UInt8]) throws {
    let time = elapsed
    let due = stopDue(at: time)
    let sent = try state.withLock { state in
      try throwIfStopped(due, in: &state)
      state.recorded.trace.append(.write, byteCount: bytes.count, at: time, limit: limits.traceLimit)
      guard state.status != nil else {
        state.recorded.diagnostics.append(
          Diagnostic(.writeBeforeStartResponse, "write() was called with \(bytes.count) bytes before start_response."))
        throw GatewayError.writeBeforeStartResponse
      }
      if !state.reportedWrite {
        state.reportedWrite = true
        state.recorded.diagnostics.append(
          Diagnostic(.writeUsed, "The app wrote body bytes through the write() callable."))
      }
      let sent = deliver(bytes, forceHeaders: true, at: time, into: &state)
      // Without an observer nothing runs after the delivery: the check is made now, under this lock.
      if observer == nil { try throwIfStopped(due, in: &state) }
      return sent
    }
    guard observer != nil else { return }
    notify(sent, bytes)
    try checkStop()
  }

  /// A chunk the body iterable yielded.
  func yield(_ bytes: [UInt8]) throws {
    let time = elapsed
    let due = stopDue(at: time)
    let sent = try state.withLock { state in
      state.recorded.trace.append(.yield, byteCount: bytes.count, at: time, limit: limits.traceLimit)
      guard state.status != nil else {
        state.recorded.diagnostics.append(
          Diagnostic(
            .startResponseMissing, "The body yielded \(bytes.count) bytes before start_response was called."))
        throw GatewayError.startResponseNotCalled
      }
      let sent = deliver(bytes, forceHeaders: false, at: time, into: &state)
      // Without an observer nothing runs after the delivery: the check is made now, under this lock.
      if observer == nil { try throwIfStopped(due, in: &state) }
      return sent
    }
    guard observer != nil else { return }
    notify(sent, bytes)
    try checkStop()
  }

  /// What a delivery sent: the headers (when this delivery sent them) and whether body bytes went out.
  struct Sent {
    var headers: (status: String, headers: [HeaderField])?
    var body = false
  }

  /// Sends the headers if they have not gone out, then the bytes, unless the request was HEAD.
  func deliver(_ bytes: [UInt8], forceHeaders: Bool, at time: Nanoseconds, into state: inout State) -> Sent {
    var sent = Sent()
    guard !bytes.isEmpty || forceHeaders else { return sent }
    if !state.headersSent {
      sendHeaders(at: time, into: &state)
      sent.headers = (state.recorded.status ?? "", state.recorded.headers)
    }
    if isHead {
      state.recorded.droppedBodyBytes += bytes.count
      return sent
    }
    // An empty body is no chunk: `[]`, a 204 or a write(b"") sends the headers and nothing else.
    guard !bytes.isEmpty else { return sent }
    state.recorded.body.append(bytes, at: time, limits: limits.capture)
    sent.body = true
    if let limit = limits.responseLimit, state.recorded.body.byteCount > limit, state.stop == nil {
      noteStop(.responseLimit(limit), in: &state)
    }
    return sent
  }

  /// Tells the observer, outside the lock, what a delivery sent.
  func notify(_ sent: Sent, _ bytes: [UInt8]) {
    guard let observer else { return }
    if let headers = sent.headers { observer.headersSent(status: headers.status, headers: headers.headers) }
    if sent.body { observer.bodySent(bytes) }
  }

  func sendHeaders(at time: Nanoseconds, into state: inout State) {
    state.headersSent = true
    state.recorded.status = state.status
    state.recorded.headers = state.headers
    let stamped = state.recorded.trace.append(
      .headersSent(status: state.status ?? ""), at: time, limit: limits.traceLimit)
    state.recorded.timings.firstByte = .nanoseconds(stamped)
  }

  func inputCall(_ call: WSGIInput.Call, returned: Int, wanted: Int?, exhausted: Bool) {
    let time = elapsed
    state.withLock { state in
      state.recorded.trace.append(.input(call, byteCount: returned), at: time, limit: limits.traceLimit)
      state.recorded.inputBytesRead += returned
      switch call {
      case .close:
        state.recorded.diagnostics.append(Diagnostic(.inputClosed, "The app called wsgi.input.close()."))
      case .read(nil) where !state.reportedReadWithoutSize:
        state.reportedReadWithoutSize = true
        state.recorded.diagnostics.append(
          Diagnostic(.inputReadWithoutSize, "The app called wsgi.input.read() without a size."))
      default:
        break
      }
      if let wanted, wanted > 0, returned == 0, exhausted, !state.reportedReadPastLength {
        state.reportedReadPastLength = true
        let length = environ.string("CONTENT_LENGTH").flatMap { Int($0) } ?? 0
        state.recorded.diagnostics.append(
          Diagnostic(
            .inputReadPastLength,
            "The app asked wsgi.input for \(wanted) more bytes after all \(length) of CONTENT_LENGTH were read."))
      }
    }
  }

  func errorsWrite(_ bytes: [UInt8], call: String) {
    let time = elapsed
    state.withLock { state in
      state.recorded.trace.append(.errors(call: call, byteCount: bytes.count), at: time, limit: limits.traceLimit)
      if call == "close" {
        state.recorded.diagnostics.append(Diagnostic(.errorsClosed, "The app called wsgi.errors.close()."))
      }
      if !bytes.isEmpty { state.recorded.errors.append(bytes, at: time, limits: limits.capture) }
    }
    if !bytes.isEmpty { observer?.errorsWritten(bytes) }
  }

  func report(_ diagnostic: Diagnostic) {
    state.withLock { $0.recorded.diagnostics.append(diagnostic) }
  }

  func recordStrayOutput(_ bytes: [UInt8], printedBeforeRequest: Bool = false) {
    let time = elapsed
    state.withLock { state in
      if printedBeforeRequest, state.recorded.strayOutput.byteCount == state.recorded.strayOutputBeforeRequest {
        state.recorded.strayOutputBeforeRequest += bytes.count
      }
      state.recorded.strayOutput.append(bytes, at: time, limits: limits.capture)
    }
  }
}
