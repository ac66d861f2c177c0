import Foundation
import Glibc
import Platform

/// A real program a test starts: the one way the tests start one (gwsh, python3, curl, lighttpd).
///
/// Started with gwsh's own `ChildProcess`, not Foundation's `Process`. Under Thread Sanitizer,
/// Foundation did not see a child's exit for 30 s and more (it learns of it from SIGCHLD, which
/// the sanitizer delivers late), and Foundation's `Pipe` makes descriptors a program that another
/// test starts meanwhile inherits, so a reader waited for an end of output that came only when
/// that program ended. Here every pipe is made close-on-exec, the child gets the descriptors it
/// is given and no other, its end is waited for through a pidfd, and its process group is killed
/// when the object goes (`ChildProcess`'s own deinit).
package final class ChildProgram {
  /// Where the program's standard output or standard error goes.
  package enum Destination: Sendable {
    /// A pipe the test reads.
    case captured
    /// `/dev/null`.
    case discarded
    /// The test process's own descriptor of the same number.
    case inherited
  }

  /// What a program run to its end left.
  package struct Result: Sendable {
    package let termination: Termination
    package let standardOutput: Data
    package let standardError: Data
    /// The exit status, or 128 plus the signal's number when a signal ended the program, as a shell says it.
    package var status: Int32 {
      switch termination {
      case .exited(let code): return code
      case .signaled(let signal): return 128 + signal
      }
    }
    package var standardOutputText: String { String(decoding: standardOutput, as: UTF8.self) }
    package var standardErrorText: String { String(decoding: standardError, as: UTF8.self) }
  }

  private let child: ChildProcess
  /// The test's ends of the pipes: made close-on-exec, and closed when this object goes. One
  /// with no pipe, or closed, has the number -1.
  private let input: OwnedDescriptor
  private let output: OwnedDescriptor
  private let errors: OwnedDescriptor

  /// The program's process id; it leads a process group of its own.
  package var pid: pid_t { child.pid }

  /// Starts `executable` (a path, or a name looked up on PATH) with its standard input a pipe the test writes.
  /// - Parameters:
  ///   - environment: The program's whole environment; `nil` passes on the test process's.
  ///   - currentDirectory: Where it starts; `nil` keeps the test process's.
  ///   - inputCapacity: Bytes the input pipe holds, so that a test can write that much without waiting.
  /// - Throws: When a pipe cannot be made or the program cannot be started.
  package init(
    _ executable: String, _ arguments: [String] = [], environment: [String: String]? = nil,
    currentDirectory: String? = nil, output: Destination = .captured, errors: Destination = .inherited,
    inputCapacity: Int? = nil
  ) throws {
    // The child's ends, closed as this ends, once it has its copies.
    var theirs: [OwnedDescriptor] = []
    var placed: [(parent: Int32, child: Int32)] = []
    func place(_ destination: Destination, at number: Int32) throws -> OwnedDescriptor {
      switch destination {
      case .captured:
        let (read, write) = try OwnedDescriptor.pipe()
        theirs.append(write)
        placed.append((write.fd, number))
        return read
      case .discarded:
        let null = OwnedDescriptor(open("/dev/null", O_WRONLY | O_CLOEXEC))
        guard null.isOpen else { throw ChildProgramError(description: "cannot open /dev/null") }
        theirs.append(null)
        placed.append((null.fd, number))
      case .inherited:
        placed.append((number, number))
      }
      return OwnedDescriptor(-1)
    }
    let (read, write) = try OwnedDescriptor.pipe()
    theirs.append(read)
    placed.append((read.fd, 0))
    if let inputCapacity { write.setPipeCapacity(inputCapacity) }
    input = write
    self.output = try place(output, at: 1)
    self.errors = try place(errors, at: 2)
    let entries = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
    child = try ChildProcess.spawn(
      ChildProcess.Configuration(
        executable: executable, arguments: arguments, environment: entries, workingDirectory: currentDirectory,
        descriptors: placed))
  }

  /// Runs `executable` to its end, feeding it `input` while reading its standard output and error.
  ///
  /// A program still running after `timeout` is killed, with its process group; its result then
  /// says SIGKILL, so the test fails on its status rather than waiting for good.
  /// - Throws: When the program cannot be started.
  @discardableResult
  package static func run(
    _ executable: String, _ arguments: [String] = [], input: Data = Data(), environment: [String: String]? = nil,
    currentDirectory: String? = nil, timeout: Duration = .seconds(120)
  ) throws -> Result {
    let deadline = ContinuousClock.now + timeout
    let program = try ChildProgram(
      executable, arguments, environment: environment, currentDirectory: currentDirectory, output: .captured,
      errors: .captured)
    let (output, errors) = program.exchange(Array(input), until: deadline)
    let termination = program.wait(timeout: max(deadline - .now, .zero))
    return Result(termination: termination, standardOutput: Data(output), standardError: Data(errors))
  }

  /// Writes `text` to the program's input, all of it unless the program no longer reads.
  package func send(_ text: String) {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty, input.isOpen {
      let written = bytes.withUnsafeBytes { write(input.fd, $0.baseAddress, $0.count) }
      if written < 0, errno == EINTR { continue }
      guard written > 0 else { return }
      bytes = bytes.dropFirst(written)
    }
  }

  /// Closes the program's input: it reads the end of it.
  package func closeInput() { input.close() }

  /// Reads the standard output until `marker` has come, it ends, or `timeout` passes; returns what was read.
  package func read(until marker: String, timeout: Duration = .seconds(60)) -> String {
    let deadline = ContinuousClock.now + timeout
    let wanted = Array(marker.utf8)
    var bytes: [UInt8] = []
    // Where the marker may start in what is still to search: a chunk can end inside it.
    var searched = 0
    while !Self.contains(wanted, in: bytes, from: searched), let chunk = Self.readChunk(output.fd, until: deadline),
      !chunk.isEmpty
    {
      searched = max(0, bytes.count - wanted.count + 1)
      bytes += chunk
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Reads the standard output to its end, or until `timeout` passes.
  package func readToEnd(timeout: Duration = .seconds(60)) -> [UInt8] {
    let deadline = ContinuousClock.now + timeout
    var bytes: [UInt8] = []
    while let chunk = Self.readChunk(output.fd, until: deadline), !chunk.isEmpty { bytes += chunk }
    return bytes
  }

  /// Sends the program a signal.
  package func signal(_ number: Int32) { _ = kill(child.pid, number) }

  /// Whether the program has not ended yet.
  package var isRunning: Bool { child.poll() == nil }

  /// Waits for the program to end; one still running after `timeout` is killed, so that a program
  /// that does not end fails the test on how it ended. Either way its process group is killed after.
  @discardableResult
  package func wait(timeout: Duration = .seconds(30)) -> Termination {
    _ = child.wait(until: .now + timeout)
    child.stopGroup()
    return child.termination ?? .signaled(SIGKILL)
  }

  /// Writes `bytes` to the input (then closes it) while reading the standard output and error to
  /// their ends, in one loop, so that neither side waits for the other.
  private func exchange(_ bytes: [UInt8], until deadline: ContinuousClock.Instant) -> ([UInt8], [UInt8]) {
    var collected: [[UInt8]] = [[], []]
    let readers = [output, errors]
    var pending = bytes[...]
    if pending.isEmpty { closeInput() } else { input.setNonBlocking() }
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while readers.contains(where: \.isOpen) {
      var requests = readers.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
      requests.append(pollfd(fd: input.fd, events: Int16(POLLOUT), revents: 0))
      guard let milliseconds = Self.milliseconds(until: deadline) else { break }
      let ready = poll(&requests, nfds_t(requests.count), milliseconds)
      if ready < 0, errno == EINTR { continue }
      guard ready > 0 else { break }
      if requests[2].revents != 0 {
        let written = pending.withUnsafeBytes { write(input.fd, $0.baseAddress, min($0.count, 65_536)) }
        if written > 0 { pending = pending.dropFirst(written) }
        // EAGAIN waits for the next turn; any other failure (EPIPE) means the program stopped reading.
        if pending.isEmpty || (written < 0 && errno != EAGAIN && errno != EINTR) { closeInput() }
      }
      for index in 0..<2 where requests[index].revents != 0 {
        let count = Glibc.read(readers[index].fd, &buffer, buffer.count)
        if count > 0 {
          collected[index] += buffer[..<count]
        } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
          readers[index].close()
        }
      }
    }
    return (collected[0], collected[1])
  }

  /// One read of `descriptor` once it is readable: the bytes, empty at its end, `nil` at the deadline.
  private static func readChunk(_ descriptor: Int32, until deadline: ContinuousClock.Instant) -> [UInt8]? {
    guard descriptor >= 0 else { return [] }
    while let milliseconds = milliseconds(until: deadline) {
      var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
      let ready = poll(&request, 1, milliseconds)
      if ready < 0, errno == EINTR { continue }
      guard ready > 0 else { return nil }
      var buffer = [UInt8](repeating: 0, count: 65_536)
      let count = Glibc.read(descriptor, &buffer, buffer.count)
      if count < 0, errno == EINTR { continue }
      return count > 0 ? Array(buffer[..<count]) : []
    }
    return nil
  }

  /// The time left until `deadline` in whole milliseconds rounded up, or `nil` when it has passed.
  private static func milliseconds(until deadline: ContinuousClock.Instant) -> Int32? {
    let remaining = deadline - .now
    guard remaining > .zero else { return nil }
    let (seconds, attoseconds) = remaining.components
    return Int32(clamping: seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
  }

  private static func contains(_ marker: [UInt8], in bytes: [UInt8], from start: Int) -> Bool {
    guard !marker.isEmpty else { return true }
    guard bytes.count - start >= marker.count else { return false }
    return (start...(bytes.count - marker.count)).contains { bytes[$0..<($0 + marker.count)].elementsEqual(marker) }
  }
}

/// What the test needed to start a program was missing.
package struct ChildProgramError: Error, CustomStringConvertible {
  package let description: String
}
