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

  @inline(__always)
  private mutating func reserve(_ extra: Int) {
    if count + extra > capacity { grow(extra) }
  }

  @inline(never)
  private mutating func grow(_ extra: Int) {
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

  /// Appends the `length` bytes at `source`, a few at a time, where the bytes
  /// up to the next multiple of eight past them may be read too: a short token
  /// of a document, copied without a call to `memmove`.
  @inline(__always)
  mutating func appendShort(_ source: UnsafePointer<UInt8>, length: Int) {
    // Up to seven bytes past the end are written too: room the next write overwrites.
    reserve(length + 8)
    var from = UnsafeRawPointer(source)
    var to = UnsafeMutableRawPointer(base + count)
    let end = from + length
    while from < end {
      to.storeBytes(of: from.loadUnaligned(as: UInt64.self), as: UInt64.self)
      from += 8
      to += 8
    }
    count += length
  }

  mutating func append(_ text: StaticString) {
    append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
  }

  /// A line break and `spaces` spaces.
  @inline(__always)
  mutating func newline(indent spaces: Int) {
    // The spaces go eight at a time, past the end by up to seven: room the next write overwrites.
    reserve(1 + spaces + 8)
    base[count] = 0x0A
    var next = UnsafeMutableRawPointer(base + count + 1)
    let end = next + spaces
    while next < end {
      next.storeBytes(of: 0x2020_2020_2020_2020 as UInt64, as: UInt64.self)
      next += 8
    }
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
