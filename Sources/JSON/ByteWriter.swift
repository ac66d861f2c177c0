/// A growing buffer of output bytes, written without the uniqueness and
/// capacity checks an `Array` makes on every append: the layout writes a few
/// bytes per token of documents many megabytes long.
///
/// The owner must call ``deallocate()`` (or take the bytes with ``finish()``) once.
struct ByteWriter {
  private var base: UnsafeMutablePointer<UInt8>
  private var capacity: Int
  private(set) var count = 0

  init(capacity: Int) {
    self.capacity = max(capacity, 64)
    base = .allocate(capacity: self.capacity)
  }

  private mutating func reserve(_ extra: Int) {
    guard count + extra > capacity else { return }
    let grown = max(capacity * 2, count + extra, 64)
    let new = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
    new.update(from: base, count: count)
    // A writer whose storage was given back holds nothing to free.
    if capacity > 0 { base.deallocate() }
    base = new
    capacity = grown
  }

  @inline(__always)
  mutating func append(_ byte: UInt8) {
    reserve(1)
    base[count] = byte
    count += 1
  }

  mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let start = bytes.baseAddress, !bytes.isEmpty else { return }
    reserve(bytes.count)
    (base + count).update(from: start, count: bytes.count)
    count += bytes.count
  }

  mutating func append(_ text: StaticString) {
    append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
  }

  /// A line break and `spaces` spaces.
  mutating func newline(indent spaces: Int) {
    reserve(1 + spaces)
    base[count] = 0x0A
    (base + count + 1).update(repeating: 0x20, count: spaces)
    count += 1 + spaces
  }

  /// The bytes written so far, valid until the next write.
  var written: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

  /// Forgets what was written, keeping the storage for what comes next.
  mutating func removeAll() { count = 0 }

  /// The bytes written, as an array; the buffer is freed.
  mutating func finish() -> [UInt8] {
    let bytes = Array(UnsafeBufferPointer(start: base, count: count))
    deallocate()
    return bytes
  }

  /// Gives the storage back. The writer then holds nothing; writing to it again
  /// allocates anew, which the owner must give back again.
  mutating func deallocate() {
    guard capacity > 0 else { return }
    base.deallocate()
    capacity = 0
    count = 0
  }
}
