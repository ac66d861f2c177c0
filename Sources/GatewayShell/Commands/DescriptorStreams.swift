import Gateway
import Platform

// `gwsh cgi` serves one request over the web server's standard streams.

/// Reads a file descriptor, as a request body.
struct FileDescriptorSource: ByteSource {
  private let descriptor: Int32
  init(_ descriptor: Int32) { self.descriptor = descriptor }

  mutating func read(upTo maxCount: Int) throws -> [UInt8] {
    var buffer = [UInt8](repeating: 0, count: min(maxCount, 1 << 16))
    let count = try OwnedDescriptor.borrowing(descriptor) { try $0.readSome(into: &buffer) }
    return Array(buffer.prefix(count))
  }
}

/// Writes to a file descriptor, as a response.
struct FileDescriptorSink: ByteSink, Sendable {
  private let descriptor: Int32
  init(_ descriptor: Int32) { self.descriptor = descriptor }

  mutating func write(_ bytes: [UInt8]) throws {
    try OwnedDescriptor.borrowing(descriptor) { try $0.writeEverything(bytes) }
  }
}
