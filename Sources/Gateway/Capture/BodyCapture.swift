/// Receives a body's bytes once they no longer fit the in-memory head.
///
/// The core holds no files; a shell hands it a spill that writes to disk, so
/// the whole body can be shown or saved later while memory stays bounded.
public protocol BodySpill: AnyObject, Sendable {
  /// Appends bytes. The first call receives the head already captured, so the
  /// spill always holds the body from its first byte.
  /// - Throws: When the spill cannot store the bytes; capture then goes on without it.
  func append(_ bytes: ArraySlice<UInt8>) throws
}

/// How a captured stream (a response body, the errors output) is kept.
public struct CaptureLimits: Sendable {
  /// The most bytes kept in memory.
  public var headLimit: Int
  /// The most chunk records kept; later chunks are only counted.
  public var chunkRecordLimit: Int
  /// Makes the spill that receives the body once it outgrows the head; `nil` keeps the head only.
  public var makeSpill: (@Sendable () -> (any BodySpill)?)?

  /// Creates capture limits.
  /// - Parameters:
  ///   - headLimit: The most bytes kept in memory (default 1 MiB).
  ///   - chunkRecordLimit: The most chunk records kept (default 10,000).
  ///   - makeSpill: Makes the spill for bytes past the head.
  public init(
    headLimit: Int = 1 << 20,
    chunkRecordLimit: Int = 10_000,
    makeSpill: (@Sendable () -> (any BodySpill)?)? = nil
  ) {
    self.headLimit = headLimit
    self.chunkRecordLimit = chunkRecordLimit
    self.makeSpill = makeSpill
  }
}

/// A captured byte stream: a bounded head in memory, the size and digest of the
/// whole, and where each chunk fell.
public struct CapturedBytes: Sendable {
  /// One chunk as it arrived.
  public struct Chunk: Sendable, Equatable {
    /// Where the chunk starts in the stream.
    public var offset: Int
    /// How many bytes it held.
    public var count: Int
    /// When it arrived, from the start of the dispatch.
    public var time: Duration {
      get { .nanoseconds(nanoseconds) }
      set { nanoseconds = newValue.clampedNanoseconds }
    }
    /// `time`, as the recorder stamped it.
    var nanoseconds: Nanoseconds
  }

  /// The first bytes of the stream, at most the head limit.
  public internal(set) var head: [UInt8] = []
  /// How many bytes the stream held in all.
  public internal(set) var byteCount = 0
  /// The chunks, in order, at most the chunk record limit.
  public var chunks: [Chunk] {
    guard let firstChunk else { return [] }
    return [firstChunk] + laterChunks
  }
  // Most streams are one chunk: it is kept inline, and only later ones cost an array.
  private var firstChunk: Chunk?
  private var laterChunks: [Chunk] = []
  /// How many chunks arrived in all, recorded or not.
  public internal(set) var chunkCount = 0
  /// The spill holding the whole stream, when it outgrew the head.
  public internal(set) var spill: (any BodySpill)?
  /// Why the spill stopped receiving bytes, when it failed.
  public internal(set) var spillFailure: String?
  /// The digest of a stream that outgrew its head. One that fits is hashed
  /// from the head when asked: most bodies are small, and a hasher's 192 bytes
  /// in every capture were copied with the exchange on every dispatch.
  private var hasherPastHead: HasherBox?

  /// Whether every byte is in `head`.
  public var isComplete: Bool { byteCount == head.count }
  /// How many bytes are not in `head`.
  public var omittedCount: Int { byteCount - head.count }
  /// The SHA-256 of the whole stream, in hex.
  public var sha256: String {
    if let hasherPastHead { return hasherPastHead.hasher.hexDigest() }
    var hasher = SHA256()
    hasher.update(head)
    return hasher.hexDigest()
  }

  /// Creates an empty capture.
  public init() {}

  mutating func append(_ bytes: [UInt8], at time: Nanoseconds, limits: CaptureLimits) {
    chunkCount += 1
    if chunkCount <= limits.chunkRecordLimit {
      let chunk = Chunk(offset: byteCount, count: bytes.count, nanoseconds: time)
      if firstChunk == nil { firstChunk = chunk } else { laterChunks.append(chunk) }
    }
    guard !bytes.isEmpty else { return }
    byteCount += bytes.count
    let room = limits.headLimit - head.count
    hashPastHead(bytes, room: room)
    if room < bytes.count, spill == nil, spillFailure == nil, let created = limits.makeSpill?() {
      spill = created
      let captured = head
      store { try created.append(captured[...]) }
    }
    if head.isEmpty, bytes.count <= room {
      head = bytes  // shares the chunk's storage: most bodies are one small chunk
    } else if room > 0 {
      head.append(contentsOf: bytes.prefix(room))
    }
    if let spill { store { try spill.append(bytes[...]) } }
  }

  /// Hashes `bytes` once the stream no longer fits its head, starting with
  /// the head, which until then held every byte.
  private mutating func hashPastHead(_ bytes: [UInt8], room: Int) {
    if hasherPastHead == nil {
      guard bytes.count > room else { return }
      var hasher = SHA256()
      hasher.update(head)
      hasherPastHead = HasherBox(hasher)
    } else if !isKnownUniquelyReferenced(&hasherPastHead!) {
      hasherPastHead = HasherBox(hasherPastHead!.hasher)
    }
    hasherPastHead!.hasher.update(bytes)
  }

  private mutating func store(_ operation: () throws -> Void) {
    guard spillFailure == nil else { return }
    do { try operation() } catch { spillFailure = "\(error)" }
  }
}

/// A hasher shared by copies of a capture until one of them hashes more.
private final class HasherBox: @unchecked Sendable {
  // Only mutated by a capture that holds the sole reference.
  var hasher: SHA256
  init(_ hasher: SHA256) { self.hasher = hasher }
}
