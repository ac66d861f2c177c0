import Gateway
import Platform

/// One running Python worker process and its channel: requests go out on one
/// pipe, events come back on another, and the process's own stdout and stderr
/// (a C extension's output, a fatal error) arrive on a third.
final class PythonWorker {
  private let process: ChildProcess
  private let requests: OwnedDescriptor
  private let events: OwnedDescriptor
  private let console: OwnedDescriptor
  private var inbox = FrameInbox()
  /// Where the worker puts large body chunks, when the system allows.
  private let shared = SharedChunks()
  /// Knows the environ the worker holds from the last request.
  private var encoder = RequestEncoder()
  /// The shared memory, once the worker said it mapped it: large input answers go there.
  private var sharedInput: SharedChunks?
  /// Whether a request went out since the last read: a read now would find nothing.
  private var justSent = false
  /// When the last request took the console's output: a pause since then reads the pipe first.
  private var lastTaken: ContinuousClock.Instant?
  static let pauseBeforeReading = Duration.milliseconds(5)
  /// How long to look for the answer before sleeping: about as long as the last one took.
  private var look = AnswerLook()
  private var scratch = [UInt8](repeating: 0, count: 64 * 1024)
  /// What the process wrote to its stdout and stderr (the app's prints, a C
  /// extension, a crash report) since the last take: the latest 64 KiB.
  private(set) var consoleOutput: [UInt8] = []
  /// During a request, receives the process's stdout and stderr when more than
  /// ``consoleOutput`` keeps is waiting to be taken, so that nothing is dropped.
  var consoleSink: (([UInt8]) -> Void)?

  /// Starts `python -c SCRIPT MODULE CALLABLE` in the working directory and waits, up to `timeout`, until the app is imported.
  /// - Parameter shouldStop: Asked while waiting; when it says so, the worker is stopped.
  /// - Throws: ``WorkerStartFailure/load(_:)`` with the traceback when the import fails, or
  ///   ``WorkerStartFailure/stopped`` when `shouldStop` said so first.
  init(
    options: LoadOptions, module: String, callable: String, timeout: Duration, shouldStop: () -> Bool = { false }
  ) throws(WorkerStartFailure) {
    let deadline = ContinuousClock.now + timeout
    let spec = AppSpec.python(module: module, callable: callable).description
    do {
      let toWorker = try OwnedDescriptor.pipe()
      let fromWorker = try OwnedDescriptor.pipe()
      let output = try OwnedDescriptor.pipe()
      let null = try FileSystem.openForReading("/dev/null")
      // 1 MiB pipes (the most an unprivileged process may ask for) let a 1 MiB read
      // of the request body, or a chunk too large for the shared slots, cross in
      // one write instead of sixteen 64 KiB hand-overs; where the system refuses,
      // the default size serves.
      for end in [toWorker.write, fromWorker.read] { end.setPipeCapacity(1 << 20) }
      var descriptors: [(parent: Int32, child: Int32)] = [
        (null.fd, 0), (output.write.fd, 1), (output.write.fd, 2), (toWorker.read.fd, 3), (fromWorker.write.fd, 4),
      ]
      if let shared { descriptors += [(shared.memory.fd, 5), (shared.acknowledgements.read.fd, 6)] }
      process = try ChildProcess.spawn(
        ChildProcess.Configuration(
          executable: Self.resolved(options.python),
          arguments: ["-c", PythonWorkerScript.program, module, callable, "look=\(BriefSpin.nanoseconds)"]
            + (shared == nil ? [] : ["shared"]) + (PythonDebugger.console == nil ? [] : ["terminal"]),
          environment: Self.inheritedEnvironment(), workingDirectory: options.workingDirectory,
          descriptors: descriptors))
      shared?.acknowledgements.read.close()
      requests = toWorker.write
      events = fromWorker.read
      console = output.read
    } catch {
      throw .load(.pythonNotStarted(interpreter: options.python, reason: "\(error)"))
    }
    events.setNonBlocking()
    console.setNonBlocking()
    // Whether the worker script ran: a program that is not Python 3 exits before.
    var started = false
    do {
      var event = try nextEvent(until: deadline, shouldStop: shouldStop)
      if case .started = event {
        started = true
        event = try nextEvent(until: deadline, shouldStop: shouldStop)
      }
      switch event {
      case .ready(let sharedMemory):
        consoleOutput = []
        sharedInput = sharedMemory ? shared : nil
      case .importFailed(let traceback):
        stop()
        throw WorkerStartFailure.load(.importFailed(spec: spec, traceback: traceback))
      default:
        stop()
        throw WorkerStartFailure.load(.workerExited(spec: spec, outcome: "answered out of turn", output: consoleText))
      }
    } catch let error as WorkerStartFailure {
      throw error
    } catch WorkerFailure.timedOut {
      stop()
      throw .load(.importTimedOut(spec: spec, after: timeout))
    } catch WorkerFailure.stopped {
      stop()
      throw .stopped
    } catch WorkerFailure.died(let what) {
      stop()
      if !started { throw .load(.notPython(interpreter: options.python, outcome: what, output: consoleText)) }
      throw .load(.workerExited(spec: spec, outcome: what, output: consoleText))
    } catch {
      stop()
      throw .load(.workerExited(spec: spec, outcome: "\(error)", output: consoleText))
    }
  }

  deinit { stop() }

  var consoleText: String { String(decoding: consoleOutput, as: UTF8.self) }

  /// Takes what the process wrote outside the channel since the last call.
  func takeConsoleOutput() -> [UInt8] {
    // What a background thread printed while no request ran may still be in the pipe, to be read
    // now, for no request's sink but this one. The read is a system call, which showed in the
    // bridge's time (18.8 against 27.6 µs a trivial request): it is made only after a pause, as a
    // person at the prompt leaves, not between a replay's requests, which follow within the millisecond.
    let now = ContinuousClock.now
    defer { lastTaken = now }
    if lastTaken.map({ now - $0 > Self.pauseBeforeReading }) ?? true {
      consoleSink = nil
      drainConsole()
    }
    guard !consoleOutput.isEmpty else { return [] }
    defer { consoleOutput = [] }
    return consoleOutput
  }

  var isRunning: Bool { process.poll() == nil && events.isOpen }

  /// Sends a request with `environ`, waiting while the pipe is full.
  /// - Throws: ``WorkerFailure/died(_:)`` when the worker is gone.
  func sendRequest(_ environ: Environ) throws(WorkerFailure) {
    try send(encoder.frame(for: environ))
    justSent = true
    look.sent()
  }

  /// Sends the answer to a `wsgi.input` call: a large one through the shared memory (`d`), others in a `D` frame.
  /// - Throws: ``WorkerFailure/died(_:)`` when the worker is gone.
  func sendInput(_ bytes: [UInt8]) throws(WorkerFailure) {
    if let sharedInput, sharedInput.putInput(bytes) {
      var frame: [UInt8] = [4, 0, 0, 0, FrameType.inputShared.rawValue]
      RequestEncoder.appendU32(bytes.count, to: &frame)
      try send(frame)
    } else {
      try send(FrameType.inputData.rawValue, payload: bytes)
    }
  }

  /// Sends a frame, waiting while the pipe is full.
  /// - Throws: ``WorkerFailure/died(_:)`` when the worker is gone.
  func send(_ frame: [UInt8]) throws(WorkerFailure) {
    try frame.withUnsafeBytes { raw in Result { () throws(WorkerFailure) in try writeAll(raw) } }.get()
  }

  /// Sends a frame of `type` around `payload` with one `writev`, without copying the payload into a frame first.
  /// - Throws: ``WorkerFailure/died(_:)`` when the worker is gone.
  func send(_ type: UInt8, payload: [UInt8]) throws(WorkerFailure) {
    let count = payload.count
    var head: (UInt32, UInt8) = (UInt32(truncatingIfNeeded: count).littleEndian, type)
    try withUnsafeBytes(of: &head) { headBytes in
      payload.withUnsafeBytes { body in
        Result { () throws(WorkerFailure) in
          try send(head: UnsafeRawBufferPointer(rebasing: headBytes[0..<5]), body: body)
        }
      }
    }.get()
  }

  private func send(head: UnsafeRawBufferPointer, body: UnsafeRawBufferPointer) throws(WorkerFailure) {
    do {
      try requests.writeEverything(head, then: body)
    } catch {
      throw .died(deathDescription())
    }
  }

  private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(WorkerFailure) {
    do {
      try requests.writeEverything(bytes)
    } catch {
      throw .died(deathDescription())
    }
  }

  /// The next event, waiting for it until `deadline` or until `shouldStop` says so.
  /// - Throws: ``WorkerFailure``: the worker died, sent garbage, or the wait ended.
  func nextEvent(
    until deadline: ContinuousClock.Instant?, shouldStop: () -> Bool
  ) throws(WorkerFailure) -> WorkerEvent {
    let event = try nextFrame(until: deadline, shouldStop: shouldStop)
    look.eventCame()
    return event
  }

  private func nextFrame(
    until deadline: ContinuousClock.Instant?, shouldStop: () -> Bool
  ) throws(WorkerFailure) -> WorkerEvent {
    while true {
      switch inbox.next() {
      case .frame(FrameType.sharedChunk.rawValue, let payload):
        // A chunk in the shared memory: its offset and length.
        var reader = FrameReader(payload, type: FrameType.sharedChunk.rawValue)
        guard let offset = try? reader.u32(), let count = try? reader.u32(),
          let bytes = shared?.take(offset: offset, count: count)
        else { throw .protocolBroken(FrameError(type: FrameType.sharedChunk.rawValue).description) }
        return .yield(bytes)
      case .frame(let type, let payload):
        do {
          return try WorkerEvent(type: type, payload: payload)
        } catch {
          throw .protocolBroken(error.description)
        }
      case .largePayload(let type, let length):
        let bytes = try inbox.takeLarge(length: length) { buffer throws(WorkerFailure) in
          try readSome(into: buffer, until: deadline, shouldStop: shouldStop)
        }
        return type == FrameType.yield.rawValue ? .yield(bytes) : .write(bytes)
      case .incomplete:
        // Events often come in bursts: a read that finds bytes saves a poll. Right
        // after a request went out, the worker cannot have answered yet: wait first.
        if !justSent, try fill() { continue }
        justSent = false
        if try fillSoon() { continue }
        try waitForEvents(until: deadline, shouldStop: shouldStop)
      }
    }
  }

  /// Reads what the worker sends within a few tens of microseconds (for a
  /// request's answer, about as long as the last took), without sleeping:
  /// waking from `poll` took about as long again (see ``AnswerLook``).
  /// - Returns: Whether any bytes came.
  private func fillSoon() throws(WorkerFailure) -> Bool {
    try look.until { () throws(WorkerFailure) in try fill() }
  }

  /// Ctrl-C for pdb's command: the worker raises KeyboardInterrupt in it, and pdb asks for the next line.
  func interrupt() { process.interrupt() }

  /// Kills the worker's process group.
  func stop() {
    process.stopGroup()
    for end in [requests, events, console] { end.close() }
  }

  /// Reads what the worker sent so far into the inbox.
  /// - Returns: Whether any bytes came.
  private func fill() throws(WorkerFailure) -> Bool {
    let count: Int?
    do {
      count = try inbox.read(from: events)
    } catch {
      throw .died(deathDescription())
    }
    guard let count else { return false }
    if count == 0 { throw endOfEvents() }
    return true
  }

  /// Reads some bytes of a large payload straight into `buffer`, waiting until there are some.
  private func readSome(
    into buffer: UnsafeMutableRawBufferPointer, until deadline: ContinuousClock.Instant?, shouldStop: () -> Bool
  ) throws(WorkerFailure) -> Int {
    while true {
      let count: Int?
      do {
        count = try events.read(into: buffer)
      } catch {
        throw .died(deathDescription())
      }
      if let count {
        if count == 0 { throw endOfEvents() }
        return count
      }
      try waitForEvents(until: deadline, shouldStop: shouldStop)
    }
  }

  private func endOfEvents() -> WorkerFailure {
    events.close()
    drainConsole()
    return .died(deathDescription())
  }

  /// Waits until the event pipe can be read, keeping the console drained meanwhile.
  /// - Throws: ``WorkerFailure``: stopped, timed out, or the process ended.
  private func waitForEvents(until deadline: ContinuousClock.Instant?, shouldStop: () -> Bool) throws(WorkerFailure) {
    while true {
      if shouldStop() { throw .stopped }
      var wait = Duration.milliseconds(50)
      if let deadline {
        let left = deadline - .now
        if left <= .zero { throw .timedOut }
        wait = min(wait, left)
      }
      var waitFor = [(fd: events.fd, events: PollEvent.readable)]
      if console.isOpen { waitFor.append((fd: console.fd, events: PollEvent.readable)) }
      let ready = pollDescriptors(waitFor, timeout: wait)
      if ready.count == 2, ready[1] != 0 { drainConsole() }
      if ready[0] != 0 { return }
      if process.poll() != nil {
        // Gone, though a process it forked may still hold the channel open.
        drainConsole()
        throw .died(deathDescription())
      }
    }
  }

  /// Reads what the process wrote to its stdout and stderr so far, handing it to ``consoleSink``.
  func drainConsole() {
    while console.isOpen {
      let result = try? scratch.withUnsafeMutableBytes { raw throws(SystemCallError) in try console.read(into: raw) }
      guard let count = result, count > 0 else {
        if result == 0 { console.close() }
        return
      }
      consoleOutput += scratch[0..<count]
      if let consoleSink, consoleOutput.count > 32 * 1024 {
        consoleSink(consoleOutput)
        consoleOutput = []
      }
      // Bounded: a worker that floods its stdout between requests keeps only the latest 64 KiB here.
      if consoleOutput.count > 64 * 1024 { consoleOutput.removeFirst(consoleOutput.count - 64 * 1024) }
    }
  }

  private func deathDescription() -> String {
    switch process.wait(until: .now + .milliseconds(500)) {
    case .signaled(let signal):
      let meaning = Termination.signalMeaning(signal).map { " (" + $0 + ")" } ?? ""
      return "was killed by \(Termination.signalName(signal))\(meaning)"
    case let termination?: return "\(termination)"
    case nil: return "closed its channel"
    }
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
    ProcessEnvironment.current.map { name, value in name + "=" + value }
  }
}
