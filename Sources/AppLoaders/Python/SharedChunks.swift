import Platform

/// Memory shared with the worker for large body chunks: the worker copies a
/// chunk into one of four slots and sends only its place (`M`), gwsh copies it
/// out and answers with one byte on the acknowledgement pipe, which frees the slot.
/// A fifth slot carries the answers to large `wsgi.input` reads the other way
/// (`d`): the worker copies one out before it can ask again, so it needs no acknowledgement.
///
/// Through a pipe, every page of a body is allocated, charged, copied and freed
/// by the kernel on its way, which cost gwsh's thread about as much as hashing
/// the body; the slots are reused, and the worker can run four chunks ahead.
final class SharedChunks {
  /// How many chunks may be in flight.
  static let slotCount = 4
  /// The largest chunk a slot holds; larger ones go through the pipe.
  static let slotSize = 1 << 20
  /// Smaller chunks go through the pipe, where they cost less than a round of acknowledgement.
  static let minimumChunk = 64 * 1024

  /// The memory, for the worker (`mmap` of its fd 5).
  var memory: OwnedDescriptor { shared.file }
  /// The read end goes to the worker (fd 6); gwsh writes a byte for every chunk it took.
  let acknowledgements: (read: OwnedDescriptor, write: OwnedDescriptor)
  private let shared: SharedMemory
  private var base: UnsafeMutableRawPointer { shared.base }
  private var size: Int { shared.size }
  /// Where the answer to a `wsgi.input` read goes.
  private let inputOffset = SharedChunks.slotCount * SharedChunks.slotSize

  /// Creates the memory, or returns `nil` where the system offers none (the pipe serves then).
  ///
  /// Both descriptors sit at 10 or above, closed on exec: the spawn copies them
  /// to 5 and 6 in the child, and a copy onto its own number would keep the
  /// close-on-exec flag (the child would lose it), or one copy would overwrite the other.
  init?() {
    guard
      let shared = try? SharedMemory(
        named: "gwsh-chunks", size: (Self.slotCount + 1) * Self.slotSize, lowestDescriptor: 10),
      let pipe = try? OwnedDescriptor.pipe(), let read = try? pipe.read.duplicate(atLeast: 10)
    else { return nil }
    self.shared = shared
    acknowledgements = (read, pipe.write)
  }

  /// Copies out the chunk at `offset` and frees its slot.
  /// - Returns: The chunk, or `nil` when the place lies outside the memory (a broken frame).
  func take(offset: Int, count: Int) -> [UInt8]? {
    guard offset >= 0, count >= 0, offset <= size - count else { return nil }
    let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
      if count > 0 { UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: base + offset, byteCount: count) }
      initialized = count
    }
    // The pipe holds far more than four bytes, so this never waits; a dead worker shows at the next read.
    _ = withUnsafeBytes(of: UInt8(1)) { one in try? acknowledgements.write.write(one) }
    return bytes
  }

  /// Puts the answer to a `wsgi.input` read into the input slot, if it belongs there.
  /// - Returns: Whether it did; if not, it goes through the pipe.
  func putInput(_ bytes: [UInt8]) -> Bool {
    guard bytes.count >= Self.minimumChunk, bytes.count <= Self.slotSize else { return false }
    bytes.withUnsafeBytes { raw in (base + inputOffset).copyMemory(from: raw.baseAddress!, byteCount: raw.count) }
    return true
  }
}
