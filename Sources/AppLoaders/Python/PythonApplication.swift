import Gateway

/// A Python WSGI app run by a persistent worker process: state lives across
/// requests as under a real server, and a request costs a round trip, not an
/// interpreter start. Requests run one at a time, as the worker serves one.
final class PythonApplication: Application, @unchecked Sendable {
  private let options: LoadOptions
  private let module: String
  private let callable: String
  /// Held by a request from the call until its body is closed; guards `worker`.
  private let turn = WorkerTurn()
  private var worker: PythonWorker?
  /// The worker whose request raised last: it keeps that exception for `debug`, as
  /// Python keeps `sys.last_traceback` for `pdb.pm()`, until another request raises.
  private weak var raisedWorker: PythonWorker?

  /// A request waits for the worker's events in short polls and stops it at the deadline or on cancellation.
  var stopsWhenAsked: Bool { true }

  /// Starts the worker and imports the app.
  /// - Parameter shouldStop: Asked while the import runs; when it says so, the worker is stopped.
  /// - Throws: ``LoadError`` with the Python traceback when the import fails, or
  ///   ``LoadError/cancelled(spec:)`` when `shouldStop` said so first.
  init(options: LoadOptions, module: String, callable: String, shouldStop: () -> Bool = { false }) throws(LoadError) {
    self.options = options
    self.module = module
    self.callable = callable
    do {
      worker = try PythonWorker(
        options: options, module: module, callable: callable, timeout: options.importTimeout, shouldStop: shouldStop)
    } catch {
      switch error {
      case .load(let error): throw error
      case .stopped: throw .cancelled(spec: AppSpec.python(module: module, callable: callable).description)
      }
    }
  }

  func callAsFunction(_ environ: Environ, _ startResponse: StartResponse) throws -> any ResponseBody {
    let context = startResponse.context
    guard turn.acquire(shouldStop: { context.shouldStop }) else {
      try context.checkStop()
      throw GatewayError.stopped(.cancelled)
    }
    let worker: PythonWorker
    do {
      worker = try readyWorker(environ: environ, context: context)
    } catch {
      release()
      throw error
    }
    // From here the request releases the worker when it ends, however it ends.
    let request = PythonRequest(
      worker: worker, environ: environ, startResponse: startResponse,
      onEnd: { [self] alive in
        if !alive { self.worker = nil }
        release()
      })
    request.application = self
    return try request.call()
  }

  /// A request served by `worker` raised out of the app.
  func raised(in worker: PythonWorker) {
    raisedWorker = worker
    PythonDebugger.raised(in: self)
  }

  /// Opens pdb post-mortem at the frame that raised in the last request that raised, reading commands from `console`.
  /// - Returns: Why there is nothing to debug, or `nil` once pdb ended.
  func postMortem(console: any DebuggerConsole) -> String? {
    guard turn.acquire(until: .now + .seconds(5)) else { return "the app is still answering a request" }
    defer { release() }
    guard let worker, worker.isRunning, worker === raisedWorker else {
      return "the Python worker that raised has ended since; nothing is left to debug"
    }
    var debugger = DebuggerConversation(console: console)
    do {
      try worker.send(FrameType.postMortem.rawValue, payload: [])
      while true {
        // No request runs, so nothing stops it; a Ctrl-C while pdb runs a command interrupts that command.
        let event = try worker.nextEvent(
          until: nil,
          shouldStop: {
            _ = debugger.interruptIfAsked(worker)
            return false
          })
        switch event {
        case .debuggerAsks(let output):
          let line = debugger.line(after: output)
          try debugger.send(line, to: worker)
        case .debuggerOutput(let piece): debugger.show(piece, worker: worker)
        case .debuggerLeft: debugger.left()
        case .finished: return nil
        default: continue
        }
      }
    } catch {
      worker.stop()
      self.worker = nil
      return "\(error); a new worker starts with the next request"
    }
  }

  /// Stops the worker; the next request starts a new one.
  func shutdown() {
    // A request still running stops the worker itself by its deadline; wait a while for it.
    guard turn.acquire(until: .now + .seconds(5)) else { return }
    worker?.stop()
    worker = nil
    release()
  }

  private func release() { turn.release() }

  /// The running worker, or a new one when the last died or was stopped.
  private func readyWorker(environ: Environ, context: GatewayContext) throws -> PythonWorker {
    if let worker, worker.isRunning { return worker }
    if let worker {
      // It died between requests (a thread called os._exit, the OOM killer): say so, then start another.
      let output = String(decoding: worker.takeConsoleOutput(), as: UTF8.self)
      environ.errors?.write(
        "gwsh: the Python worker had ended since the last request; a new one was started\n\(output)")
      worker.stop()
    }
    worker = nil
    var timeout = options.importTimeout
    if let deadline = context.deadline { timeout = max(.zero, min(timeout, deadline - .now)) }
    do {
      // The app runs on the caller's thread, so the import must end at once on Ctrl-C or at the deadline.
      let fresh = try PythonWorker(
        options: options, module: module, callable: callable, timeout: timeout, shouldStop: { context.shouldStop })
      worker = fresh
      return fresh
    } catch {
      if context.shouldStop { try context.checkStop() }
      switch error {
      case .load(let error): throw PythonRestartFailed(error: error)
      case .stopped: throw GatewayError.stopped(.cancelled)
      }
    }
  }
}
