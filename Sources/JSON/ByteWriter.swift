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

  /// Makes room for `extra` more bytes, so that the writes up to them may use ``end`` directly.
  @inline(__always)
  mutating func reserve(_ extra: Int) {
    if count &+ extra > capacity { grow(extra) }
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

  /// How many more bytes fit without growing.
  var available: Int { capacity &- count }

  /// Where the next byte goes; writes through it must be reserved first and counted with ``advance(by:)``.
  @inline(__always)
  var end: UnsafeMutablePointer<UInt8> { base + count }

  /// Counts `written` bytes written at ``end``.
  @inline(__always)
  mutating func advance(by written: Int) { count &+= written }

  @inline(__always)
  mutating func append(_ byte: UInt8) {
    reserve(1)
    base[count] = byte
    count &+= 1
  }

  /// Two bytes, such as `: ` after a member name.
  @inline(__always)
  mutating func append(_ first: UInt8, _ second: UInt8) {
    reserve(2)
    base[count] = first
    base[count &+ 1] = second
    count &+= 2
  }

  @inline(__always)
  mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let start = bytes.baseAddress else { return }
    append(start, count: bytes.count)
  }

  /// Appends the `length` bytes at `source`, a short run without a call to `memmove`.
  @inline(__always)
  mutating func append(_ source: UnsafePointer<UInt8>, count length: Int) {
    reserve(length)
    Self.copy(source, to: base + count, count: length)
    count &+= length
  }

  /// Copies `length` bytes, reading and writing none outside them: up to 16 as two overlapping words.
  @inline(__always)
  static func copy(_ source: UnsafePointer<UInt8>, to target: UnsafeMutablePointer<UInt8>, count length: Int) {
    let from = UnsafeRawPointer(source)
    let to = UnsafeMutableRawPointer(target)
    if length >= 8 {
      guard length <= 16 else { return target.update(from: source, count: length) }
      to.storeBytes(of: from.loadUnaligned(as: UInt64.self), as: UInt64.self)
      (to + (length &- 8)).storeBytes(of: (from + (length &- 8)).loadUnaligned(as: UInt64.self), as: UInt64.self)
    } else if length >= 4 {
      to.storeBytes(of: from.loadUnaligned(as: UInt32.self), as: UInt32.self)
      (to + (length &- 4)).storeBytes(of: (from + (length &- 4)).loadUnaligned(as: UInt32.self), as: UInt32.self)
    } else if length > 0 {
      target[0] = source[0]
      target[length &>> 1] = source[length &>> 1]
      target[length &- 1] = source[length &- 1]
    }
  }

  /// Appends the `length` bytes (at most 16) at `source`, where the 16 bytes from `source` may be
  /// read: two words, whatever the length, past the end by what the next write overwrites.
  @inline(__always)
  mutating func appendUpToSixteen(_ source: UnsafePointer<UInt8>, length: Int) {
    reserve(16)
    let from = UnsafeRawPointer(source)
    let to = UnsafeMutableRawPointer(base + count)
    to.storeBytes(of: from.loadUnaligned(as: UInt64.self), as: UInt64.self)
    to.storeBytes(of: from.loadUnaligned(fromByteOffset: 8, as: UInt64.self), toByteOffset: 8, as: UInt64.self)
    count &+= length
  }

  /// Appends the `length` bytes at `source`, a few at a time, where the bytes
  /// up to the next multiple of eight past them may be read too: a short token
  /// of a document, copied without a call to `memmove`.
  @inline(__always)
  mutating func appendShort(_ source: UnsafePointer<UInt8>, length: Int) {
    // Up to seven bytes past the end are written too: room the next write overwrites.
    reserve(length &+ 8)
    var from = UnsafeRawPointer(source)
    var to = UnsafeMutableRawPointer(base + count)
    let end = from + length
    while from < end {
      to.storeBytes(of: from.loadUnaligned(as: UInt64.self), as: UInt64.self)
      from += 8
      to += 8
    }
    count &+= length
  }

  @inline(__always)
  mutating func append(_ text: StaticString) {
    append(text.utf8Start, count: text.utf8CodeUnitCount)
  }

  /// A line break and `spaces` spaces.
  @inline(__always)
  mutating func newline(indent spaces: Int) {
    reserve(spaces &+ 17)
    count = Self.lineBreak(at: base + count, indent: spaces) - base
  }

  /// Writes a line break and `spaces` spaces at `start`, where there is room
  /// for them and sixteen bytes more; returns the end of what it wrote.
  @inline(__always)
  static func lineBreak(at start: UnsafeMutablePointer<UInt8>, indent spaces: Int) -> UnsafeMutablePointer<UInt8> {
    // The spaces go eight at a time, sixteen of them at once (seven levels), past the end by up to
    // fifteen: room the next write overwrites.
    let raw = UnsafeMutableRawPointer(start)
    raw.storeBytes(of: 0x0A, as: UInt8.self)
    raw.storeBytes(of: 0x2020_2020_2020_2020 as UInt64, toByteOffset: 1, as: UInt64.self)
    raw.storeBytes(of: 0x2020_2020_2020_2020 as UInt64, toByteOffset: 9, as: UInt64.self)
    if spaces > 16 { Self.spaces(from: raw + 17, count: spaces &- 16) }
    return start + (1 &+ spaces)
  }

  /// Copies the `length` bytes at `source` to `target` and returns the end of
  /// the copy; where sixteen bytes from `source` may be read and written at
  /// `target`, a short run goes as two words.
  @inline(__always)
  static func copyRun(
    _ source: UnsafePointer<UInt8>, count length: Int, readableTo end: UnsafePointer<UInt8>,
    to target: UnsafeMutablePointer<UInt8>
  ) -> UnsafeMutablePointer<UInt8> {
    if length <= 16, end - source >= 16 {
      let from = UnsafeRawPointer(source)
      let to = UnsafeMutableRawPointer(target)
      to.storeBytes(of: from.loadUnaligned(as: UInt64.self), as: UInt64.self)
      to.storeBytes(of: from.loadUnaligned(fromByteOffset: 8, as: UInt64.self), toByteOffset: 8, as: UInt64.self)
    } else {
      copy(source, to: target, count: length)
    }
    return target + length
  }

  /// Spaces past the first sixteen of a deep line, eight at a time.
  @inline(never)
  private static func spaces(from start: UnsafeMutableRawPointer, count: Int) {
    var next = start
    let end = start + count
    while next < end {
      next.storeBytes(of: 0x2020_2020_2020_2020 as UInt64, as: UInt64.self)
      next += 8
    }
  }

  /// The bytes written so far, valid until the next write.
  var written: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

  /// Forgets what was written, keeping the storage for what comes next.
  mutating func removeAll() { count = 0 }

  /// Forgets the last `dropped` bytes written.
  mutating func removeLast(_ dropped: Int) { count -= dropped }

  /// The bytes written, as an array; the buffer is freed.
  mutating func finish() -> [UInt8] {
    let bytes = Array(UnsafeBufferPointer(start: base, count: count))
    deallocate()
    return bytes
  }

  /// Gives the storage back. The writer then holds nothing; writing to it again
  /// allocates anew, which the owner must give back again.
  mutating func deallocate() {
    freeStorage()
    capacity = 0
    count = 0
  }

  /// Gives the storage back, for an owner that is going away and writes no more.
  func freeStorage() {
    if capacity > 0 { base.deallocate() }
  }
}
