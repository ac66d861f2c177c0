import Gateway
import Platform

/// One request through the worker: sends the environ, then replays each event
/// into the real `start_response`, `write`, `wsgi.errors` and body, so the
/// gateway core applies its rules and the validator as for a native app.
final class PythonRequest {
  private let worker: PythonWorker
  private let environ: Environ
  private let startResponse: StartResponse
  private let context: GatewayContext
  /// When the dispatch must end. It is read once, and again only after a
  /// debugger's prompt moved it on: reading it for every event cost more than
  /// decoding the event.
  private var deadline: ContinuousClock.Instant?
  private let onEnd: (_ workerAlive: Bool) -> Void
  /// The app, for `debug` after an exception.
  weak var application: PythonApplication?
  private var write: Write?
  /// pdb, once a breakpoint opened it: what it prints, its prompts, and Ctrl-C during its commands.
  private var debugger = DebuggerConversation(console: nil)
  private var ended = false
  private var closeError: PythonException?

  init(
    worker: PythonWorker, environ: Environ, startResponse: StartResponse, onEnd: @escaping (Bool) -> Void
  ) {
    self.worker = worker
    self.environ = environ
    self.startResponse = startResponse
    self.context = startResponse.context
    self.deadline = context.deadline
    self.onEnd = onEnd
  }

  /// Calls the app; returns once it returned its iterable.
  /// - Throws: The app's exception with its traceback, a dead worker, or a stop.
  func call() throws -> any ResponseBody {
    // What the worker printed between requests is shown with this one, apart; from here on, as it comes.
    let pending = worker.takeConsoleOutput()
    if !pending.isEmpty { context.recordStrayOutput(pending, printedBeforeRequest: true) }
    worker.consoleSink = { [context] bytes in context.recordStrayOutput(bytes) }
    do {
      if PythonDebugger.takeProfileRequest() { try worker.send(FrameType.profileNext.rawValue, payload: []) }
      try worker.sendRequest(environ)
    } catch {
      throw fail(error)
    }
    while true {
      switch try nextEvent() {
      case .returned:
        return PythonBody(request: self)
      case .exception(.call, let message, let traceback):
        try drain()
        application?.raised(in: worker)
        throw PythonException(message: message, traceback: traceback)
      case .finished:
        end(alive: true)
        return ChunkedBody.empty
      case let event:
        try replay(event)
      }
    }
  }

  /// The next chunk the iterable yielded, or `nil` at its end.
  func nextChunk() throws -> [UInt8]? {
    while !ended {
      switch try nextEvent() {
      case .yield(let bytes): return bytes
      case .exception(.iterate, let message, let traceback):
        application?.raised(in: worker)
        throw PythonException(message: message, traceback: traceback)
      case .exception(.close, let message, let traceback):
        closeError = PythonException(message: message, traceback: traceback)
      case .closed: return nil
      case .finished:
        end(alive: true)
        return nil
      case let event: try replay(event)
      }
    }
    return nil
  }

  /// Waits for the worker to finish the request (it closes the iterable itself).
  /// - Throws: What the iterable's `close()` raised.
  func close() throws {
    try drain()
    if let closeError { throw closeError }
  }

  private func drain() throws {
    while !ended {
      switch try nextEvent() {
      case .finished: end(alive: true)
      case .exception(.close, let message, let traceback):
        closeError = PythonException(message: message, traceback: traceback)
      case .yield, .exception, .closed, .returned: break
      case let event: try replay(event)
      }
    }
  }

  private func nextEvent() throws -> WorkerEvent {
    do {
      // A Ctrl-C while pdb runs a command typed at its prompt is pdb's; otherwise it stops the request.
      let event = try worker.nextEvent(
        until: deadline, shouldStop: { !debugger.interruptIfAsked(worker) && context.shouldStop })
      if case .finished = event {
        // What the app printed before the request ended is in the pipe by now: it belongs to this request.
        worker.drainConsole()
      }
      // stdout and stderr arrive on one pipe, so what the app printed shows in the order it was written.
      let console = worker.takeConsoleOutput()
      if !console.isEmpty { context.recordStrayOutput(console) }
      return event
    } catch {
      throw fail(error)
    }
  }

  /// Ends the request after the worker failed or the dispatch stopped: the worker is killed, and restarted next time.
  private func fail(_ error: any Error) -> any Error {
    worker.consoleSink = nil
    // What the app printed before it crashed is stray output; the crash report is the failure's.
    var output = String(decoding: worker.takeConsoleOutput(), as: UTF8.self)
    if let start = output.firstRange(of: "Fatal Python error")?.lowerBound {
      context.recordStrayOutput(Array(output[..<start].utf8))
      output = Self.crashReport(String(output[start...]))
    }
    worker.stop()
    end(alive: false)
    switch error {
    case WorkerFailure.stopped, WorkerFailure.timedOut:
      do {
        try context.checkStop()
      } catch {
        return error
      }
      return GatewayError.stopped(.cancelled)
    case WorkerFailure.died(let what):
      return PythonWorkerDied(what: "the Python worker \(what)", output: output)
    case let failure as WorkerFailure:
      return PythonWorkerDied(what: failure.description, output: output)
    default:
      return error
    }
  }

  /// Python's fatal error report (faulthandler names the file and line), without the worker's own frames.
  static func crashReport(_ report: String) -> String {
    report.split(separator: "\n", omittingEmptySubsequences: false)
      .filter { !$0.hasPrefix("  File \"<string>\"") }.joined(separator: "\n")
  }

  private func end(alive: Bool) {
    guard !ended else { return }
    ended = true
    worker.consoleSink = nil
    _ = worker.takeConsoleOutput()
    onEnd(alive)
  }

  /// Applies one event to the gateway. Errors the core raises into the app are
  /// not rethrown here: the worker mirrors them and raises them in Python.
  private func replay(_ event: WorkerEvent) throws {
    do {
      switch event {
      case .errors(let call, let text):
        switch call {
        case "write": environ.errors?.write(text)
        case "writelines": environ.errors?.writelines([text])
        case "flush": environ.errors?.flush()
        default: environ.errors?.close()
        }
      case .diagnostic(let id, let message):
        if let rule = Rule.named(id) { context.report(Diagnostic(rule, message)) }
      case .input(let call): try answer(call)
      case .profile(let report): PythonDebugger.storeProfile(report)
      case .debuggerAsks(let output):
        openDebugger()
        // The time the person takes at the prompt is not the app's: the timeout does not count it.
        let line = context.waitingForPerson { debugger.line(after: output) }
        deadline = context.deadline
        try debugger.send(line, to: worker)
      case .debuggerOutput(let piece):
        // A long frame line comes before pdb's first prompt.
        openDebugger()
        debugger.show(piece, worker: worker)
      case .debuggerLeft: debugger.left()
      case .startResponse(let status, let headers, let excInfo, let time):
        // The worker sends start_response with the next event, so it is stamped with when the app called it.
        let delay = Duration.nanoseconds(max(0, MonotonicClock.now() - time))
        let accepted = context.replaying(at: context.elapsed - delay) {
          try? startResponse(status, headers, excInfo: excInfo.map { PythonException(message: $0, traceback: "") })
        }
        // A call the core refuses keeps the earlier write callable, as in Python.
        if let accepted { write = accepted }
        try context.checkStop()
      case .write(let bytes):
        try? write?(bytes)
        try context.checkStop()
      default:
        throw WorkerFailure.protocolBroken("the Python worker sent \(event) out of turn")
      }
    } catch {
      throw fail(error)
    }
  }

  /// pdb opened: it is shown at the shell's console. Without one the worker raises at
  /// breakpoint() instead; one gone since reads as Ctrl-D.
  private func openDebugger() {
    if debugger.console == nil { debugger = DebuggerConversation(console: PythonDebugger.console) }
  }

  private func answer(_ call: WSGIInput.Call) throws {
    let data = FrameType.inputData.rawValue
    guard let input = environ.input else {
      try worker.send(data, payload: [])
      return
    }
    switch call {
    case .read(let size): try worker.sendInput(try input.read(size))
    case .readline(let size): try worker.sendInput(try input.readline(size))
    case .readlines(let hint): try worker.send(data, payload: RequestEncoder.lines(try input.readlines(hint)))
    case .iterate: try worker.sendInput(input.next() ?? [])
    case .close:
      input.close()
      try worker.send(data, payload: [])
    }
  }
}

/// The iterable a Python app returned, iterated in the worker as the gateway asks.
struct PythonBody: ResponseBody {
  let request: PythonRequest

  mutating func next() throws -> [UInt8]? { try request.nextChunk() }
  mutating func close() throws { try request.close() }
}
