import Gateway
import Glibc

/// One running Python worker process and its channel: requests go out on one
/// pipe, events come back on another, and the process's own stdout and stderr
/// (a C extension's output, a fatal error) arrive on a third.
final class PythonWorker {
  private let process: ChildProcess
  private let requests: OwnedDescriptor
  private let events: OwnedDescriptor
  private let console: OwnedDescriptor
  private var buffer: [UInt8] = []
  private var start = 0
  private var scratch = [UInt8](repeating: 0, count: 256 * 1024)
  /// What the process wrote to its stdout and stderr outside the channel, kept for the next event loop.
  private(set) var consoleOutput: [UInt8] = []

  /// Starts `python -c SCRIPT MODULE CALLABLE` in the working directory and waits, up to `timeout`, until the app is imported.
  /// - Throws: ``LoadError`` with the traceback when the import fails.
  init(options: LoadOptions, module: String, callable: String, timeout: Duration) throws(LoadError) {
    let deadline = ContinuousClock.now + timeout
    let spec = AppSpec.python(module: module, callable: callable).description
    do {
      let toWorker = try OwnedDescriptor.pipe()
      let fromWorker = try OwnedDescriptor.pipe()
      let output = try OwnedDescriptor.pipe()
      let null = OwnedDescriptor(open("/dev/null", O_RDONLY | O_CLOEXEC))
      process = try ChildProcess.spawn(
        ChildProcess.Configuration(
          executable: Self.resolved(options.python), arguments: ["-c", PythonWorkerScript.source, module, callable],
          environment: Self.inheritedEnvironment(), workingDirectory: options.workingDirectory,
          descriptors: [
            (null.fd, 0), (output.write.fd, 1), (output.write.fd, 2), (toWorker.read.fd, 3), (fromWorker.write.fd, 4),
          ]))
      requests = toWorker.write
      events = fromWorker.read
      console = output.read
    } catch {
      throw .pythonNotStarted(interpreter: options.python, reason: "\(error)")
    }
    events.setNonBlocking()
    console.setNonBlocking()
    do {
      var event = try nextEvent(until: deadline, shouldStop: { false })
      // What the module prints while it is imported belongs to no request.
      while case .stray = event { event = try nextEvent(until: deadline, shouldStop: { false }) }
      switch event {
      case .ready: consoleOutput = []
      case .importFailed(let traceback):
        stop()
        throw LoadError.importFailed(spec: spec, traceback: traceback)
      default:
        stop()
        throw LoadError.workerExited(spec: spec, outcome: "answered out of turn", output: consoleText)
      }
    } catch let error as LoadError {
      throw error
    } catch WorkerFailure.timedOut {
      stop()
      throw .importTimedOut(spec: spec, after: timeout)
    } catch WorkerFailure.died(let what) {
      stop()
      throw .workerExited(spec: spec, outcome: what, output: consoleText)
    } catch {
      stop()
      throw .workerExited(spec: spec, outcome: "\(error)", output: consoleText)
    }
  }

  deinit { stop() }

  var consoleText: String { String(decoding: consoleOutput, as: UTF8.self) }

  /// Takes what the process wrote outside the channel since the last call.
  func takeConsoleOutput() -> [UInt8] {
    defer { consoleOutput = [] }
    return consoleOutput
  }

  var isRunning: Bool { process.poll() == nil && events.isOpen }

  /// Sends a frame, waiting while the pipe is full.
  /// - Throws: ``WorkerFailure/died(_:)`` when the worker is gone.
  func send(_ frame: [UInt8]) throws(WorkerFailure) {
    var written = 0
    while written < frame.count {
      let count = frame[written...].withUnsafeBytes { raw in Glibc.write(requests.fd, raw.baseAddress, raw.count) }
      if count > 0 {
        written += count
      } else if count < 0, errno == EINTR {
        continue
      } else {
        throw .died(deathDescription())
      }
    }
  }

  /// The next event, waiting for it until `deadline` or until `shouldStop` says so.
  /// - Throws: ``WorkerFailure``: the worker died, sent garbage, or the wait ended.
  func nextEvent(
    until deadline: ContinuousClock.Instant?, shouldStop: () -> Bool
  ) throws(WorkerFailure) -> WorkerEvent {
    var triedRead = false
    while true {
      if let event = try decodeBuffered() { return event }
      // Events often come in bursts: a read that finds bytes saves a poll.
      if !triedRead {
        triedRead = true
        if try fill() { continue }
      }
      if shouldStop() { throw .stopped }
      if let deadline, ContinuousClock.now >= deadline { throw .timedOut }
      let wait = deadline.map { min(.milliseconds(50), max(.zero, $0 - .now)) } ?? .milliseconds(50)
      var requests: [(fd: Int32, events: Int16)] = [(events.fd, Int16(POLLIN))]
      if console.isOpen { requests.append((console.fd, Int16(POLLIN))) }
      let ready = pollDescriptors(requests, timeout: wait)
      if ready.count > 1, ready[1] != 0 { drainConsole() }
      if ready[0] != 0 {
        try fill()
        triedRead = false
      } else if process.poll() != nil {
        // Gone, though a process it forked may still hold the channel open.
        drainConsole()
        throw .died(deathDescription())
      }
    }
  }

  /// Kills the worker's process group.
  func stop() {
    process.stopGroup()
    for end in [requests, events, console] { end.close() }
  }

  /// Reads what the worker sent so far.
  /// - Returns: Whether any bytes came.
  @discardableResult
  private func fill() throws(WorkerFailure) -> Bool {
    if start > 0, start == buffer.count {
      buffer.removeAll(keepingCapacity: true)
      start = 0
    }
    let count: Int?
    do {
      count = try scratch.withUnsafeMutableBytes { raw throws(SystemError) in try events.read(into: raw) }
    } catch {
      throw .died(deathDescription())
    }
    guard let count else { return false }
    if count == 0 {
      events.close()
      drainConsole()
      throw .died(deathDescription())
    }
    buffer += scratch[0..<count]
    return true
  }

  private func decodeBuffered() throws(WorkerFailure) -> WorkerEvent? {
    let available = buffer.count - start
    guard available >= 5 else { return nil }
    var length = 0
    for offset in 0..<4 { length |= Int(buffer[start + offset]) << (8 * offset) }
    guard available >= 5 + length else { return nil }
    let type = buffer[start + 4]
    let payload = buffer[(start + 5)..<(start + 5 + length)]
    start += 5 + length
    defer {
      if start == buffer.count {
        buffer.removeAll(keepingCapacity: buffer.capacity <= 1 << 20)
        start = 0
      } else if start > 1 << 20 {
        buffer.removeFirst(start)
        start = 0
      }
    }
    do {
      return try WorkerEvent(type: type, payload: payload)
    } catch {
      throw .protocolBroken(error.description)
    }
  }

  private func drainConsole() {
    while console.isOpen {
      let result = try? scratch.withUnsafeMutableBytes { raw throws(SystemError) in try console.read(into: raw) }
      guard let count = result, count > 0 else {
        if result == 0 { console.close() }
        return
      }
      // Bounded: a worker that floods its raw stdout keeps only the latest 64 KiB here.
      consoleOutput += scratch[0..<count]
      if consoleOutput.count > 64 * 1024 { consoleOutput.removeFirst(consoleOutput.count - 64 * 1024) }
    }
  }

  private func deathDescription() -> String {
    let termination = process.wait(until: .now + .milliseconds(500))
    return termination.map { "\($0)" } ?? "closed its channel"
  }

  /// A relative interpreter path (`--python .venv/bin/python`) means relative to
  /// where gwsh runs, not to the worker's working directory, where the spawn would look.
  private static func resolved(_ python: String) -> String {
    // A bare name is looked up on PATH; only a path with a folder in it is made absolute.
    python.contains("/") ? AppLoader.absolute(python) : python
  }

  /// The worker runs like a server process: with the user's environment (a
  /// virtualenv, DJANGO_SETTINGS_MODULE); each request's environ travels in the channel.
  private static func inheritedEnvironment() -> [String] {
    var result: [String] = []
    var pointer = environ
    while let entry = pointer.pointee {
      result.append(String(cString: entry))
      pointer += 1
    }
    return result
  }
}

/// Why waiting on the worker ended without an event.
enum WorkerFailure: Error, CustomStringConvertible {
  case died(String)
  case protocolBroken(String)
  case timedOut
  case stopped

  var description: String {
    switch self {
    case .died(let what): return "the Python worker \(what)"
    case .protocolBroken(let what): return what
    case .timedOut: return "the Python worker did not answer in time"
    case .stopped: return "the request was stopped"
    }
  }
}
