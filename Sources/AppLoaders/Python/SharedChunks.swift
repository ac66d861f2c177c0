import Glibc
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
  let memory: OwnedDescriptor
  /// The read end goes to the worker (fd 6); gwsh writes a byte for every chunk it took.
  let acknowledgements: (read: OwnedDescriptor, write: OwnedDescriptor)
  private let base: UnsafeMutableRawPointer
  private let size = (SharedChunks.slotCount + 1) * SharedChunks.slotSize
  /// Where the answer to a `wsgi.input` read goes.
  private let inputOffset = SharedChunks.slotCount * SharedChunks.slotSize

  /// Creates the memory, or returns `nil` where the system offers no `memfd_create` (the pipe serves then).
  init?() {
    guard let create = Self.memfdCreate else { return nil }
    let fd = "gwsh-chunks".withCString { create($0, 1) }  // MFD_CLOEXEC
    guard fd >= 0 else { return nil }
    memory = Self.aboveChildDescriptors(OwnedDescriptor(fd))
    guard memory.isOpen, ftruncate(memory.fd, off_t(size)) == 0,
      let mapped = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, memory.fd, 0),
      mapped != UnsafeMutableRawPointer(bitPattern: -1),
      let pipe = try? OwnedDescriptor.pipe()
    else { return nil }
    base = mapped
    acknowledgements = (Self.aboveChildDescriptors(pipe.read), pipe.write)
    guard acknowledgements.read.isOpen else { return nil }
  }

  deinit { munmap(base, size) }

  /// Copies out the chunk at `offset` and frees its slot.
  /// - Returns: The chunk, or `nil` when the place lies outside the memory (a broken frame).
  func take(offset: Int, count: Int) -> [UInt8]? {
    guard offset >= 0, count >= 0, offset <= size - count else { return nil }
    let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
      if count > 0 { UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: base + offset, byteCount: count) }
      initialized = count
    }
    // The pipe holds far more than four bytes, so this never waits; a dead worker shows at the next read.
    var one: UInt8 = 1
    _ = Glibc.write(acknowledgements.write.fd, &one, 1)
    return bytes
  }

  /// The same file at a number of 10 or more, closed on exec: the spawn copies
  /// it to 5 or 6 in the child, and a copy onto its own number would keep the
  /// close-on-exec flag (the child would lose it), or one copy would overwrite the other.
  private static func aboveChildDescriptors(_ descriptor: OwnedDescriptor) -> OwnedDescriptor {
    OwnedDescriptor(fcntl(descriptor.fd, F_DUPFD_CLOEXEC, 10))
  }

  /// Puts the answer to a `wsgi.input` read into the input slot, if it belongs there.
  /// - Returns: Whether it did; if not, it goes through the pipe.
  func putInput(_ bytes: [UInt8]) -> Bool {
    guard bytes.count >= Self.minimumChunk, bytes.count <= Self.slotSize else { return false }
    bytes.withUnsafeBytes { raw in (base + inputOffset).copyMemory(from: raw.baseAddress!, byteCount: raw.count) }
    return true
  }

  private typealias MemfdCreate = @convention(c) (UnsafePointer<CChar>, UInt32) -> Int32

  /// glibc's `memfd_create`, which the Swift Glibc module does not import; looked up once.
  private static let memfdCreate: MemfdCreate? = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "memfd_create") else { return nil }
    return unsafeBitCast(symbol, to: MemfdCreate.self)
  }()
}
