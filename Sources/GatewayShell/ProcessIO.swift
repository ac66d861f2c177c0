import Gateway

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The process environment, in the order the process received it.
enum ProcessEnvironment {
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
