import Gateway

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// What the shell asks of its process, through the C library: Foundation's
// ProcessInfo and FileManager would make its loading part of every start.

/// The process environment, in the order the process received it.
enum ProcessEnvironment {
  /// The environment by name; where a name repeats, the first entry counts, as for getenv(3).
  static var dictionary: [String: String] {
    let entries = current
    var result = [String: String](minimumCapacity: entries.count)
    for (name, value) in entries where result[name] == nil { result[name] = value }
    return result
  }

  /// One variable's value, without listing the environment.
  static func value(named name: String) -> String? {
    getenv(name).map { String(cString: $0) }
  }

  static var current: [(String, String)] {
    var result: [(String, String)] = []
    var pointer = environ
    while let entry = pointer.pointee {
      let text = String(cString: entry)
      if let equals = text.firstIndex(of: "=") {
        result.append((String(text[..<equals]), String(text[text.index(after: equals)...])))
      }
      pointer += 1
    }
    return result
  }
}

/// The process's working directory, or "/" in the rare case it cannot be named (removed, or too deep).
func currentDirectory() -> String {
  var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
  guard getcwd(&buffer, buffer.count) != nil else { return "/" }
  return String(cString: buffer)
}

/// How many processors this process may run on.
func availableProcessors() -> Int {
  max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}

/// Writes `bytes` to `path` whole through a temporary file renamed into place,
/// so a failed write leaves the old file as it was.
/// - Throws: ``SystemError`` naming the call that failed.
func writeFileAtomically(_ bytes: [UInt8], to path: String) throws {
  var template = Array((path + ".gwsh-XXXXXX").utf8CString)
  let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
  guard descriptor >= 0 else { throw SystemError(operation: "create \(path)", code: errno) }
  let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
  do {
    defer { close(descriptor) }
    let mask = umask(0)
    umask(mask)
    guard fchmod(descriptor, 0o666 & ~mask) == 0 else { throw SystemError(operation: "chmod", code: errno) }
    var sink = FileDescriptorSink(descriptor)
    try sink.write(bytes)
    guard rename(temporary, path) == 0 else { throw SystemError(operation: "rename", code: errno) }
  } catch {
    unlink(temporary)
    throw error
  }
}

/// Reads a file descriptor.
struct FileDescriptorSource: ByteSource {
  let descriptor: Int32
  init(_ descriptor: Int32) { self.descriptor = descriptor }

  mutating func read(upTo maxCount: Int) throws -> [UInt8] {
    var buffer = [UInt8](repeating: 0, count: min(maxCount, 1 << 16))
    while true {
      let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
      if count >= 0 { return Array(buffer.prefix(count)) }
      if errno != EINTR { throw SystemError(operation: "read", code: errno) }
    }
  }
}

/// Writes to a file descriptor.
struct FileDescriptorSink: ByteSink, Sendable {
  let descriptor: Int32
  init(_ descriptor: Int32) { self.descriptor = descriptor }

  mutating func write(_ bytes: [UInt8]) throws {
    var offset = 0
    while offset < bytes.count {
      let count = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw SystemError(operation: "write", code: errno)
      }
      offset += count
    }
  }
}

/// A failed system call.
struct SystemError: Error, CustomStringConvertible {
  let operation: String
  let code: Int32
  var description: String { "\(operation) failed: \(String(cString: strerror(code)))" }
}

/// Signal handlers, set up in the one place that knows the C library's spelling of them.
enum SignalHandler {
  /// Runs `handler` when `number` arrives.
  /// - Parameter restartingCalls: Whether a system call the signal interrupts starts again
  ///   (`SA_RESTART`) rather than failing with `EINTR`.
  static func install(_ handler: @convention(c) (Int32) -> Void, for number: Int32, restartingCalls: Bool) {
    var action = sigaction()
    #if canImport(Glibc)
      action.__sigaction_handler.sa_handler = handler
    #else
      action.__sigaction_u.__sa_handler = handler
    #endif
    sigemptyset(&action.sa_mask)
    action.sa_flags = restartingCalls ? SA_RESTART : 0
    sigaction(number, &action, nil)
  }

  /// Lets `numbers` reach this thread, and the threads it starts from now on: a parent that
  /// started us from a thread blocking them passes its mask on.
  static func unblock(_ numbers: [Int32]) {
    var unblocked = sigset_t()
    sigemptyset(&unblocked)
    for number in numbers { sigaddset(&unblocked, number) }
    pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
  }
}
