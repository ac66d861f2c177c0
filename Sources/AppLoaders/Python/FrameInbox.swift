import Platform

/// What gwsh read from the worker's event pipe and has not decoded yet.
///
/// Reads go straight into storage kept for the worker's life, and an event's
/// payload is sliced out of it. A large byte payload (a body chunk) is read
/// straight into the array the gateway receives instead, so each of its bytes
/// is copied once on the way from the pipe.
struct FrameInbox {
  /// Body chunks and writes at least this large go straight into their own array.
  static let directMinimum = 64 * 1024
  /// Above this, a payload is taken in as it arrives, so that a corrupt length never reserves memory by itself.
  static let directMaximum = 64 * 1024 * 1024
  private static let baseCapacity = 256 * 1024

  private var storage = [UInt8](repeating: 0, count: baseCapacity)
  private var start = 0
  private var end = 0

  /// What the buffered bytes hold.
  enum Next {
    /// A whole frame.
    case frame(type: UInt8, payload: ArraySlice<UInt8>)
    /// The head of a large byte payload, to be taken with ``FrameInbox/takeLarge(length:reading:)``.
    case largePayload(type: UInt8, length: Int)
    /// Not a whole frame yet.
    case incomplete
  }

  /// The next frame, if the bytes read so far hold it.
  mutating func next() -> Next {
    let available = end - start
    guard available >= 5 else { return .incomplete }
    var length = 0
    for offset in 0..<4 { length |= Int(storage[start + offset]) << (8 * offset) }
    let type = storage[start + 4]
    guard available >= 5 + length else {
      let bytePayload = type == FrameType.yield.rawValue || type == FrameType.write.rawValue
      guard bytePayload, length >= Self.directMinimum, length <= Self.directMaximum else { return .incomplete }
      return .largePayload(type: type, length: length)
    }
    let payload = storage[(start + 5)..<(start + 5 + length)]
    start += 5 + length
    return .frame(type: type, payload: payload)
  }

  /// Takes the large payload whose head ``next()`` found: what is buffered, then
  /// the rest read by `reading` straight into the result.
  /// - Parameter reading: Reads some bytes into the buffer, waiting for them; returns how many.
  mutating func takeLarge<Failure: Error>(
    length: Int, reading: (UnsafeMutableRawBufferPointer) throws(Failure) -> Int
  ) throws(Failure) -> [UInt8] {
    // Everything buffered belongs to this frame: the frame is longer than what was read.
    let buffered = end - start - 5
    var failure: Failure?
    let bytes = [UInt8](unsafeUninitializedCapacity: length) { buffer, count in
      storage.withUnsafeBytes { raw in
        // copyMemory is a memcpy; initializeMemory(as:from:) would copy byte by byte.
        UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: raw.baseAddress! + start + 5, byteCount: buffered)
      }
      count = buffered
      do throws(Failure) {
        while count < length {
          count += try reading(UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[count...])))
        }
      } catch {
        failure = error
      }
    }
    start = 0
    end = 0
    if let failure { throw failure }
    return bytes
  }

  /// Reads what the descriptor has into the free storage, making room first when there is none.
  /// - Returns: The bytes read: 0 at end of file, `nil` when nothing was available.
  mutating func read(from descriptor: OwnedDescriptor) throws(SystemCallError) -> Int? {
    if start == end {
      start = 0
      end = 0
      // A large frame grew the storage; give the memory back once it is decoded.
      if storage.count > 4 * Self.baseCapacity { storage = [UInt8](repeating: 0, count: Self.baseCapacity) }
    }
    if end == storage.count {
      if start > 0 {
        storage.withUnsafeMutableBytes { raw in
          raw.baseAddress!.copyMemory(from: raw.baseAddress! + start, byteCount: end - start)
        }
        end -= start
        start = 0
      } else {
        // One frame fills the storage: grow it as its bytes arrive, never on its length alone.
        storage += repeatElement(0, count: storage.count)
      }
    }
    let result = storage.withUnsafeMutableBytes { raw in
      Result { () throws(SystemCallError) in
        try descriptor.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[end...]))
      }
    }
    let count = try result.get()
    if let count { end += count }
    return count
  }
}
