/// `wsgi.input`: the request body, readable up to CONTENT_LENGTH and never past it.
///
/// The stream belongs to one dispatch and is used from the thread running it.
public final class WSGIInput: @unchecked Sendable {
  /// One call an app made on the stream, as the call trace shows it.
  public enum Call: Sendable, Equatable, CustomStringConvertible {
    case read(Int?)
    case readline(Int?)
    case readlines(Int?)
    case iterate
    case close

    public var description: String {
      switch self {
      case .read(let size): return "read(\(size.map(String.init) ?? ""))"
      case .readline(let size): return "readline(\(size.map(String.init) ?? ""))"
      case .readlines(let hint): return "readlines(\(hint.map(String.init) ?? ""))"
      case .iterate: return "next(iter(input))"
      case .close: return "close()"
      }
    }
  }

  private var source: any ByteSource
  private var remaining: Int
  private var buffer: [UInt8] = []
  private var bufferStart = 0
  /// The dispatch recording the calls, until it finishes. Held strongly:
  /// a weak reference would cost a side table per stream and dispatch.
  var recorder: DispatchRecorder?
  private static let blockSize = 64 * 1024

  /// Creates a stream over `source` that yields at most `limit` bytes.
  /// - Parameters:
  ///   - source: Where the bytes come from.
  ///   - limit: CONTENT_LENGTH: the stream reports end of file after this many bytes.
  public init(_ source: some ByteSource, limit: Int) {
    self.source = source
    self.remaining = Swift.max(0, limit)
  }

  /// Creates a stream over bytes in memory.
  public convenience init(_ bytes: [UInt8]) {
    self.init(BytesSource(bytes), limit: bytes.count)
  }

  /// Reads up to `size` bytes, or everything left when `size` is `nil` or negative.
  /// - Throws: When the source fails or the dispatch was stopped.
  public func read(_ size: Int? = nil) throws -> [UInt8] {
    try recorder?.checkStop()
    let wanted = size.flatMap { $0 < 0 ? nil : $0 }
    let result: [UInt8]
    if let wanted {
      result = try take(wanted)
    } else {
      result = try take(Int.max)
    }
    recorder?.inputCall(.read(size), returned: result.count, wanted: wanted, exhausted: isExhausted)
    return result
  }

  /// Reads one line, up to and including `\n`, or at most `limit` bytes.
  /// - Throws: When the source fails or the dispatch was stopped.
  public func readline(_ limit: Int? = nil) throws -> [UInt8] {
    try recorder?.checkStop()
    let line = try line(limit: limit)
    recorder?.inputCall(.readline(limit), returned: line.count, wanted: limit, exhausted: isExhausted)
    return line
  }

  /// Reads the remaining lines; with a hint, stops once that many bytes were read.
  /// - Throws: When the source fails or the dispatch was stopped.
  public func readlines(_ hint: Int? = nil) throws -> [[UInt8]] {
    try recorder?.checkStop()
    var lines: [[UInt8]] = []
    var total = 0
    while true {
      let next = try line(limit: nil)
      if next.isEmpty { break }
      lines.append(next)
      total += next.count
      if let hint, hint > 0, total >= hint { break }
    }
    recorder?.inputCall(.readlines(hint), returned: total, wanted: nil, exhausted: isExhausted)
    return lines
  }

  /// Closing is the server's job: an app that calls this breaks a rule, and the stream stays open.
  public func close() {
    recorder?.inputCall(.close, returned: 0, wanted: nil, exhausted: isExhausted)
  }

  private var isExhausted: Bool { remaining == 0 && bufferStart == buffer.count }

  private func fill() throws -> Bool {
    guard remaining > 0 else { return false }
    if bufferStart > 0 {
      buffer.removeFirst(bufferStart)
      bufferStart = 0
    }
    let block = try source.read(upTo: Swift.min(remaining, Self.blockSize))
    guard !block.isEmpty else {
      remaining = 0
      return false
    }
    remaining -= block.count
    buffer.append(contentsOf: block)
    return true
  }

  private func take(_ count: Int) throws -> [UInt8] {
    if bufferStart == buffer.count, count >= Self.blockSize, count != Int.max {
      // Large reads skip the line buffer: no copy through it.
      guard remaining > 0 else { return [] }
      let block = try source.read(upTo: Swift.min(remaining, count))
      remaining = block.isEmpty ? 0 : remaining - block.count
      return block
    }
    while buffer.count - bufferStart < count, try fill() {}
    let end = bufferStart + Swift.min(count, buffer.count - bufferStart)
    defer { bufferStart = end }
    return Array(buffer[bufferStart..<end])
  }

  private func line(limit: Int?) throws -> [UInt8] {
    let cap = limit.flatMap { $0 < 0 ? nil : $0 } ?? Int.max
    var scanned = bufferStart
    while true {
      if let newline = buffer[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
        return try take(Swift.min(newline - bufferStart + 1, cap))
      }
      scanned = buffer.count
      if buffer.count - bufferStart >= cap { return try take(cap) }
      let consumed = bufferStart
      guard try fill() else { return try take(cap) }
      scanned -= consumed
    }
  }
}

extension WSGIInput: Sequence, IteratorProtocol {
  /// The next line, as iterating over `wsgi.input` yields it; `nil` at the end.
  /// A failing source ends the iteration.
  public func next() -> [UInt8]? {
    guard (try? recorder?.checkStop()) != nil || recorder == nil else { return nil }
    let line = (try? self.line(limit: nil)) ?? []
    recorder?.inputCall(.iterate, returned: line.count, wanted: nil, exhausted: isExhausted)
    return line.isEmpty ? nil : line
  }
}
