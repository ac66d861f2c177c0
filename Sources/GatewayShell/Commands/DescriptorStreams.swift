import Gateway
import Platform

// `gwsh cgi` serves one request over the web server's standard streams.

/// Reads a file descriptor, as a request body.
struct FileDescriptorSource: ByteSource {
  private let descriptor: BorrowedDescriptor
  init(_ descriptor: Int32) { self.descriptor = BorrowedDescriptor(descriptor) }

  mutating func read(upTo maxCount: Int) throws -> [UInt8] {
    var buffer = [UInt8](repeating: 0, count: min(maxCount, 1 << 16))
    let count = try descriptor.readSome(into: &buffer)
    return Array(buffer.prefix(count))
  }
}

/// Writes to a file descriptor, as a response.
struct FileDescriptorSink: ByteSink, Sendable {
  private let descriptor: BorrowedDescriptor
  init(_ descriptor: Int32) { self.descriptor = BorrowedDescriptor(descriptor) }

  mutating func write(_ bytes: [UInt8]) throws {
    try descriptor.writeEverything(bytes)
  }
}
