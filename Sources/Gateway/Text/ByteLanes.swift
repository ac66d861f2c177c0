/// Eight bytes read as one word, for scans that step over runs of ordinary bytes: each function
/// gives a mask with the top bit set in every byte (lane) of the word that holds what it looks for.
///
/// Only the first marked lane is exact: an addition carries, and a subtraction borrows, only into
/// the lanes after the first one that holds the byte. A scan never reads further: it jumps to
/// the first marked byte (`trailingZeroBitCount >> 3`) and decides there, byte by byte.
///
/// Public and inlinable, not `package`: the scans that use it are in other modules' hot loops,
/// and a `package` function marked `@inlinable` was still called, not inlined, in the release
/// build (about 6 % more instructions a piped request).
public enum ByteLanes {
  /// The word of the eight bytes at `pointer`, in the machine's order (little-endian, the lowest
  /// address in the lowest lane, on every platform gwsh builds for).
  @inlinable @inline(__always)
  public static func word(at pointer: UnsafePointer<UInt8>) -> UInt64 {
    UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self)
  }

  /// The lanes that are not printable ASCII: past ASCII (the top bit set), below 0x20 (adding
  /// 0x60 leaves the top bit clear) and DEL (adding 1 sets it).
  @inlinable @inline(__always)
  public static func unprintable(_ word: UInt64) -> UInt64 {
    (word | ~(word &+ 0x6060_6060_6060_6060) | (word &+ 0x0101_0101_0101_0101)) & 0x8080_8080_8080_8080
  }

  /// The lanes that hold `byte`: those the difference with it leaves zero.
  @inlinable @inline(__always)
  public static func equal(_ word: UInt64, to byte: UInt8) -> UInt64 {
    let difference = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
    return (difference &- 0x0101_0101_0101_0101) & ~difference & 0x8080_8080_8080_8080
  }

  /// Whether `marks` marks no lane of `bytes`, read a word at a time, the last word overlapping the
  /// one before it; `nil` for fewer than eight bytes, which the caller reads a byte at a time.
  @inlinable @inline(__always)
  public static func noLaneMarked(in bytes: UnsafeBufferPointer<UInt8>, by marks: (UInt64) -> UInt64) -> Bool? {
    guard let base = bytes.baseAddress, bytes.count >= 8 else { return nil }
    let last = bytes.count &- 8
    var index = 0
    while index < last {
      if marks(word(at: base + index)) != 0 { return false }
      index &+= 8
    }
    return marks(word(at: base + last)) == 0
  }

  /// Whether the `count` bytes at `first` and at `second` are the same, compared a word at a time.
  @inlinable
  public static func same(_ first: UnsafeRawPointer, _ second: UnsafeRawPointer, count: Int) -> Bool {
    var offset = 0
    while offset &+ 8 <= count {
      if first.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        != second.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
      {
        return false
      }
      offset &+= 8
    }
    while offset < count {
      if first.load(fromByteOffset: offset, as: UInt8.self) != second.load(fromByteOffset: offset, as: UInt8.self) {
        return false
      }
      offset &+= 1
    }
    return true
  }
}
