import Dispatch
import Synchronization

/// Runs applications: turns a request (or a composed environ) and an app into
/// an ``Exchange``, applying the server rules of PEP 3333 as wsgiref's handler does.
public struct Dispatcher: Sendable {
  /// The limits every dispatch runs under.
  public var limits: DispatchLimits
  /// Shared by this dispatcher's dispatches (and its copies'), which are mostly alike.
  private let checks = ValidationMemo()

  /// Creates a dispatcher.
  public init(limits: DispatchLimits = DispatchLimits()) {
    self.limits = limits
  }

  /// Dispatches `request` to `app` on the calling thread.
  ///
  /// The deadline and cancellation are checked at every gateway call, so an app
  /// that streams or reads forever is stopped; one stuck without calling the
  /// gateway needs ``dispatchWatched(_:to:)``.
  /// - Parameters:
  ///   - request: The request.
  ///   - app: The application.
  ///   - observer: Receives the response as it streams.
  public func dispatch(
    _ request: Request, to app: some Application, observer: (any ExchangeObserver)? = nil
  ) -> Exchange {
    let (environ, streams) = request.environWithStreams()
    let recorder = prepare(environ, streams: streams, observer: observer, noticed: request.diagnostics())
    return recorder.finish(at: run(app, recorder: recorder, startedJustNow: true))
  }

  /// Dispatches a composed environ to `app` on the calling thread.
  ///
  /// `wsgi.input` and `wsgi.errors` are attached to this dispatch; when the
  /// environ has none, an empty input and a fresh error stream are added.
  /// - Parameters:
  ///   - environ: The environ, as a server adapter built it.
  ///   - app: The application.
  ///   - observer: Receives the response as it streams.
  public func dispatch(
    environ: Environ, to app: some Application, observer: (any ExchangeObserver)? = nil
  ) -> Exchange {
    let recorder = prepare(environ, observer: observer)
    return recorder.finish(at: run(app, recorder: recorder, startedJustNow: true))
  }

  /// Dispatches on a separate thread, and gives up on an app that has not
  /// returned by the deadline (plus a grace period) or soon after cancellation.
  ///
  /// An abandoned app keeps its thread until it returns; the exchange shows
  /// what it did until then. An app that ``Application/stopsWhenAsked`` runs on
  /// the calling thread instead: it needs no watching, and the hand-over to
  /// another thread costs more than a whole native dispatch.
  /// - Parameters:
  ///   - request: The request.
  ///   - app: The application.
  ///   - observer: Receives the response as it streams.
  ///   - grace: How long after the deadline, or a cancellation, to wait for the app to unwind.
  public func dispatchWatched(
    _ request: Request, to app: some Application, observer: (any ExchangeObserver)? = nil,
    grace: Duration = .milliseconds(500)
  ) -> Exchange {
    let (environ, streams) = request.environWithStreams()
    let recorder = prepare(environ, streams: streams, observer: observer, noticed: request.diagnostics())
    if app.stopsWhenAsked {
      return recorder.finish(at: run(app, recorder: recorder, startedJustNow: true))
    }
    let done = DispatchSemaphore(value: 0)
    let result = ExchangeBox()
    runOnDedicatedThread {
      result.store(recorder.finish(at: run(app, recorder: recorder, startedJustNow: false)))
      done.signal()
    }
    if BriefSpin.until({ result.isStored }) { return result.take()! }
    var abandonAt: ContinuousClock.Instant? = nil
    while true {
      if done.wait(timeout: .now() + .milliseconds(20)) == .success { return result.take()! }
      let now = ContinuousClock.now
      guard recorder.stopDue() != nil else { continue }
      if abandonAt == nil { abandonAt = now + grace }
      if now >= abandonAt! {
        let waited = recorder.running
        return recorder.snapshot(
          stoppedBecause: limits.cancellation?.isCancelled == true ? .cancelled : .unresponsive(waited))
      }
    }
  }

  /// Checks the environ, then starts the recorder, which starts the dispatch's clock.
  /// - Parameters:
  ///   - streams: The environ's own `wsgi.input` and `wsgi.errors`, when the caller knows them.
  ///   - noticed: What the server noticed about the request itself, reported first.
  private func prepare(
    _ environ: consuming Environ, streams known: consuming EnvironStreams? = nil,
    observer: (any ExchangeObserver)?, noticed: [Diagnostic] = []
  ) -> DispatchRecorder {
    let streams = known ?? Self.attachStreams(to: &environ)
    let found = checks.checkEnviron(environ)
    let recorder = DispatchRecorder(
      environ: environ, streams: streams, limits: limits, checks: checks, observer: observer)
    recorder.report(contentsOf: noticed)
    recorder.report(contentsOf: found)
    return recorder
  }

  /// The streams of a composed environ, added when it has none: an empty
  /// input and a fresh error stream. A key holding something else keeps it
  /// (the validator reports it), and the app's streams are then fresh ones.
  private static func attachStreams(to environ: inout Environ) -> EnvironStreams {
    let found = environ.streamEntries
    let input: WSGIInput
    if case .input(let stream)? = found.input { input = stream } else { input = WSGIInput([]) }
    let errors: WSGIErrors
    if case .errors(let stream)? = found.errors { errors = stream } else { errors = WSGIErrors() }
    if found.input == nil { environ.appendNew(.wsgiInput, .input(input)) }
    if found.errors == nil { environ.appendNew(.wsgiErrors, .errors(errors)) }
    return EnvironStreams(input: input, errors: errors)
  }

  /// Runs `app`, and returns the time of the body's close(), its last step, when it got that far.
  /// - Parameter startedJustNow: Whether the recorder started the clock just before, on this
  ///   thread, so the call is stamped at the start instead of reading the clock again.
  private func run(_ app: some Application, recorder: DispatchRecorder, startedJustNow: Bool) -> Nanoseconds? {
    recorder.trace(.call, at: startedJustNow ? 0 : nil)
    var body: any ResponseBody
    do {
      body = try app(recorder.environ, StartResponse(recorder: recorder))
      recorder.trace(.returned)
    } catch {
      recorder.appFailed(error)
      return nil
    }
    do {
      while !recorder.isStopped, let chunk = try body.next() {
        try recorder.yield(chunk)
      }
      recorder.finishContent()
    } catch {
      recorder.appFailed(error)
    }
    do {
      try body.close()
      return recorder.trace(.close)
    } catch {
      recorder.trace(.close)
      recorder.closeFailed(error)
      return nil
    }
  }
}

/// Hands the exchange from the dispatch thread to the waiting one.
private final class ExchangeBox: Sendable {
  private let exchange = Mutex<Exchange?>(nil)
  private let stored = Atomic<Bool>(false)

  /// Whether the exchange is there: read without the lock, by a caller looking for it.
  var isStored: Bool { stored.load(ordering: .acquiring) }

  func store(_ value: Exchange) {
    exchange.withLock { $0 = value }
    stored.store(true, ordering: .releasing)
  }

  func take() -> Exchange? { exchange.withLock { $0 } }
}

extension DispatchRecorder {
  func report(contentsOf diagnostics: [Diagnostic]) {
    for diagnostic in diagnostics { report(diagnostic) }
  }
}
