import Gateway
import Platform

/// One CGI program answering one request: its body fed to stdin, its stderr
/// copied to wsgi.errors, its stdout handed out as it arrives. One thread
/// serves all three pipes with poll(2), so nothing waits on a pipe the child is
/// not draining, and the deadline and cancellation are checked between polls.
final class CGIRun {
  private let program: String
  private let child: ChildProcess
  private let stdin: OwnedDescriptor
  private let stdout: OwnedDescriptor
  private let stderr: OwnedDescriptor
  private let input: WSGIInput?
  private let errors: WSGIErrors?
  private let context: GatewayContext
  private var bodyRemaining: Int
  private var pending: [UInt8] = []
  private var pendingStart = 0
  private var errorsCarry: [UInt8] = []
  /// Where reads land: allocated, not zeroed (zeroing 64 KiB for every request was a large share of a run's own work).
  /// Allocated last in `init`, once nothing can throw: a failed start must not lose it.
  private let buffer: UnsafeMutableRawBufferPointer
  private var ended = false

  /// Starts `program` with exactly `environment` and the working directory `directory`.
  /// - Throws: ``CGIError/notStarted(program:reason:)``.
  init(program: String, environment: EnvironmentBlock, directory: String, environ: Environ, context: GatewayContext)
    throws
  {
    self.program = program
    var bodyRemaining = environ.string("CONTENT_LENGTH").flatMap { Int($0) }.map { max(0, $0) } ?? 0
    if environ.input == nil { bodyRemaining = 0 }
    do {
      let input = try OwnedDescriptor.pipe()
      let output = try OwnedDescriptor.pipe()
      let errorOutput = try OwnedDescriptor.pipe()
      // The parent's ends are set up before the spawn: the child starts on this core,
      // and every call made after it delays the child's start.
      for end in [input.write, output.read, errorOutput.read] { end.setNonBlocking() }
      if bodyRemaining == 0 { input.write.close() }
      child = try ChildProcess.spawn(
        ChildProcess.Configuration(
          executable: program, environment: environment, workingDirectory: directory,
          descriptors: [(input.read.fd, 0), (output.write.fd, 1), (errorOutput.write.fd, 2)]))
      stdin = input.write
      stdout = output.read
      stderr = errorOutput.read
    } catch {
      throw CGIError.notStarted(program: program, reason: "\(error)")
    }
    self.bodyRemaining = bodyRemaining
    self.input = environ.input
    self.errors = environ.errors
    self.context = context
    buffer = .allocate(byteCount: 64 * 1024, alignment: 16)
  }

  deinit {
    stop()
    buffer.deallocate()
  }

  /// The next bytes the program wrote to stdout, or `nil` once it closed stdout and exited.
  /// - Throws: ``GatewayError/stopped(_:)`` at the deadline or on cancellation (the
  ///   program is killed first), ``CGIError/killed(program:signal:)`` when a signal ended it.
  func nextOutput() throws -> [UInt8]? {
    while stdout.isOpen {
      try stopIfAsked()
      var requests: [(fd: Int32, events: Int16)] = [(stdout.fd, PollEvent.readable)]
      if stderr.isOpen { requests.append((stderr.fd, PollEvent.readable)) }
      if stdin.isOpen { requests.append((stdin.fd, PollEvent.writable)) }
      let events = pollDescriptors(requests, timeout: pollInterval)
      for (request, revents) in zip(requests, events) where revents != 0 {
        if request.fd == stdin.fd { try feedInput() }
        if request.fd == stderr.fd { try drainErrors() }
      }
      if events[0] != 0 {
        let count = try stdout.read(into: buffer)
        if let count, count > 0 { return Array(UnsafeRawBufferPointer(rebasing: buffer[0..<count])) }
        if count == 0 { stdout.close() }
      }
    }
    try finish()
    return nil
  }

  /// Kills the program's process group (with anything it left running), and closes the pipes.
  func stop() {
    child.stopGroup()
    for end in [stdin, stdout, stderr] { end.close() }
    ended = true
  }

  /// How long one poll waits: short enough that a deadline or Ctrl-C is seen promptly.
  private var pollInterval: Duration {
    let step = Duration.milliseconds(50)
    guard let deadline = context.deadline else { return step }
    return max(.zero, min(step, deadline - .now))
  }

  private func stopIfAsked() throws {
    if context.shouldStop {
      stop()
      try context.checkStop()
    }
  }

  /// After stdout closed: lets stdin go, takes the rest of stderr, and collects the exit status.
  private func finish() throws {
    guard !ended else { return }
    stdin.close()
    while stderr.isOpen || child.poll() == nil {
      try stopIfAsked()
      if stderr.isOpen {
        if pollDescriptors([(stderr.fd, PollEvent.readable)], timeout: pollInterval)[0] != 0 { try drainErrors() }
      } else {
        _ = child.wait(until: .now + pollInterval)
      }
    }
    ended = true
    flushErrorsCarry()
    switch child.termination {
    case .signaled(let signal):
      throw CGIError.killed(program: program, signal: Termination.signalName(signal))
    case .exited(let code) where code != 0:
      errors?.write("gwsh: the CGI program \(program) exited with status \(code)\n")
    default:
      break
    }
  }

  /// Moves the next piece of the request body to the program's stdin, reading
  /// wsgi.input only as fast as the program takes it.
  private func feedInput() throws {
    if pendingStart == pending.count {
      guard bodyRemaining > 0, let input else {
        stdin.close()
        return
      }
      pending = try input.read(min(bodyRemaining, 64 * 1024))
      pendingStart = 0
      bodyRemaining = pending.isEmpty ? 0 : bodyRemaining - pending.count
      if pending.isEmpty {
        stdin.close()
        return
      }
    }
    do {
      let written = try pending[pendingStart...].withUnsafeBytes { raw throws(SystemCallError) in try stdin.write(raw) }
      pendingStart += written ?? 0
    } catch {
      // The program closed its stdin (EPIPE): it wants no more of the body.
      stdin.close()
      bodyRemaining = 0
    }
    if pendingStart == pending.count, bodyRemaining == 0 { stdin.close() }
  }

  private func drainErrors() throws {
    guard let count = try stderr.read(into: buffer) else { return }
    if count == 0 {
      stderr.close()
      return
    }
    // Text is written whole: a UTF-8 sequence split between two reads waits for its end.
    var bytes = errorsCarry + UnsafeRawBufferPointer(rebasing: buffer[0..<count])
    let cut = Self.completeUTF8Prefix(bytes)
    errorsCarry = Array(bytes[cut...])
    bytes.removeSubrange(cut...)
    if !bytes.isEmpty { errors?.write(String(decoding: bytes, as: UTF8.self)) }
  }

  private func flushErrorsCarry() {
    if !errorsCarry.isEmpty { errors?.write(String(decoding: errorsCarry, as: UTF8.self)) }
    errorsCarry = []
  }

  /// The length of `bytes` without an unfinished UTF-8 sequence at its end.
  static func completeUTF8Prefix(_ bytes: [UInt8]) -> Int {
    var index = bytes.count
    var continuation = 0
    while index > 0, continuation < 3, bytes[index - 1] & 0xC0 == 0x80 {
      index -= 1
      continuation += 1
    }
    guard index > 0 else { return bytes.count }
    let lead = bytes[index - 1]
    let needed: Int
    switch lead {
    case 0xC0...0xDF: needed = 1
    case 0xE0...0xEF: needed = 2
    case 0xF0...0xF7: needed = 3
    default: return bytes.count
    }
    return continuation < needed ? index - 1 : bytes.count
  }
}
