/// The iterable an application returns: chunks of bytes, then `close()`.
///
/// The server calls `next()` until it returns `nil` (or throws) and then always
/// calls `close()`, also after an error, as PEP 3333 requires.
public protocol ResponseBody {
  /// The next chunk, or `nil` at the end of the body.
  /// - Throws: Any error; the server handles it as an application error.
  mutating func next() throws -> [UInt8]?
  /// Releases what the body holds. The default does nothing.
  /// - Throws: Any error; it becomes a diagnostic.
  mutating func close() throws
}

extension ResponseBody {
  public mutating func close() throws {}
}

/// A body whose chunks are known up front.
public struct ChunkedBody: ResponseBody, Sendable {
  private var chunks: [[UInt8]]
  private var position = 0

  /// Creates a body of the given byte chunks.
  public init(_ chunks: [[UInt8]]) { self.chunks = chunks }

  /// Creates a body of the UTF-8 encoding of each string, one chunk each.
  public init(_ chunks: String...) { self.chunks = chunks.map { Array($0.utf8) } }

  /// Creates a body of the UTF-8 encoding of each string, one chunk each.
  public init(strings: [String]) { self.chunks = strings.map { Array($0.utf8) } }

  /// An empty body.
  public static var empty: ChunkedBody { ChunkedBody([[UInt8]]()) }

  public mutating func next() throws -> [UInt8]? {
    guard position < chunks.count else { return nil }
    defer { position += 1 }
    return chunks[position]
  }
}

/// A body produced chunk by chunk by a closure, with an optional close action.
public struct StreamingBody: ResponseBody {
  private let produce: () throws -> [UInt8]?
  private let onClose: () throws -> Void

  /// Creates a body that calls `next` for each chunk until it returns `nil`.
  /// - Parameters:
  ///   - next: Produces the next chunk, or `nil` at the end.
  ///   - close: Runs when the server closes the body.
  public init(next: @escaping () throws -> [UInt8]?, close: @escaping () throws -> Void = {}) {
    self.produce = next
    self.onClose = close
  }

  public mutating func next() throws -> [UInt8]? { try produce() }
  public mutating func close() throws { try onClose() }
}
