/// Where a request body's bytes come from.
///
/// The core reads request bodies through this protocol so that a body can come
/// from memory, a file or standard input without the core knowing which.
public protocol ByteSource {
  /// Reads up to `maxCount` bytes; an empty result means the end of the body.
  /// - Throws: When the underlying source fails.
  mutating func read(upTo maxCount: Int) throws -> [UInt8]
}

/// A body held in memory.
public struct BytesSource: ByteSource, Sendable {
  private let bytes: [UInt8]
  private var position = 0

  /// Creates a source that yields `bytes`.
  public init(_ bytes: [UInt8]) { self.bytes = bytes }

  public mutating func read(upTo maxCount: Int) throws -> [UInt8] {
    let end = min(bytes.count, position + max(0, maxCount))
    defer { position = end }
    return Array(bytes[position..<end])
  }
}

/// Where the bytes an app writes end up; the CGI adapter writes its response through it.
public protocol ByteSink {
  /// Writes all of `bytes`.
  /// - Throws: When the underlying sink fails.
  mutating func write(_ bytes: [UInt8]) throws
}
