/// Text built by appending pieces, as UTF-8 bytes: what the shell writes for
/// every response (the rendered exchange, the recorded `expect` lines).
///
/// A `String` append checks its storage's uniqueness, capacity and flags each
/// time, several hundred instructions for a word; this buffer checks only its
/// capacity and copies, which matters at tens of pieces a request. It owns its
/// storage, so it cannot be copied, and frees it when it goes away.
package struct TextBuffer: ~Copyable {
  private var base: UnsafeMutablePointer<UInt8>
  private var capacity: Int
  /// How many bytes were written.
  package private(set) var count = 0

  /// An empty buffer with room for `capacity` bytes before it grows.
  package init(capacity: Int = 256) {
    self.capacity = max(capacity, 16)
    base = .allocate(capacity: self.capacity)
  }

  deinit { base.deallocate() }

  package var isEmpty: Bool { count == 0 }

  /// The last byte written, if any.
  package var last: UInt8? { count > 0 ? base[count - 1] : nil }

  /// Makes room for `extra` more bytes.
  @inline(__always)
  private mutating func reserve(_ extra: Int) {
    if count &+ extra > capacity { grow(extra) }
  }

  @inline(never)
  private mutating func grow(_ extra: Int) {
    let grown = max(capacity * 2, count + extra)
    let new = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
    new.update(from: base, count: count)
    base.deallocate()
    base = new
    capacity = grown
  }

  @inline(__always)
  package mutating func append(_ byte: UInt8) {
    reserve(1)
    base[count] = byte
    count &+= 1
  }

  package mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let start = bytes.baseAddress, !bytes.isEmpty else { return }
    reserve(bytes.count)
    (base + count).update(from: start, count: bytes.count)
    count &+= bytes.count
  }

  package mutating func append(_ text: String) {
    // A native string's bytes are read in place; a bridged one is made native first.
    if text.utf8.withContiguousStorageIfAvailable({ append($0) }) == nil {
      var copy = text
      copy.withUTF8 { append($0) }
    }
  }

  /// Bytes from an array, a slice of one, or a string's UTF-8 view.
  package mutating func append(_ bytes: some Collection<UInt8>) {
    if bytes.withContiguousStorageIfAvailable({ append($0) }) == nil {
      reserve(bytes.count)
      for byte in bytes { append(byte) }
    }
  }

  /// `text` and the line feed that ends it.
  package mutating func appendLine(_ text: String) {
    append(text)
    append(UInt8(ascii: "\n"))
  }

  /// A line feed.
  package mutating func newline() { append(UInt8(ascii: "\n")) }

  /// `value` in decimal.
  package mutating func append(decimal value: Int) {
    // Written straight in: `String(value)` goes through the generic integer description,
    // about 250 instructions, and every summary line writes four to eight numbers.
    reserve(20)
    if value < 0 { append(UInt8(ascii: "-")) }
    var magnitude = value.magnitude
    var length = 1
    var rest = magnitude / 10
    while rest > 0 {
      length += 1
      rest /= 10
    }
    var index = count &+ length
    count = index
    repeat {
      index &-= 1
      base[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
      magnitude /= 10
    } while magnitude > 0
  }

  /// Forgets everything written, keeping the storage for what is written next.
  package mutating func removeAll() { count = 0 }

  /// Forgets the last byte written.
  package mutating func removeLast() {
    precondition(count > 0, "nothing to remove")
    count -= 1
  }

  /// Lends the bytes written to `body`; they are valid only during the call.
  package func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
    try body(UnsafeBufferPointer(start: base, count: count))
  }

  /// The text written. Bytes that are not UTF-8 become U+FFFD; every writer appends text.
  package var text: String { withBytes { String(decoding: $0, as: UTF8.self) } }
}
