import Crypto

/// A streaming SHA-256 (FIPS 180-4), so a captured body's digest is known
/// without holding the body.
///
/// Every body byte past a capture's head passes through here, so the hashing is
/// swift-crypto's: BoringSSL's assembly on Linux, which uses the CPU's SHA
/// extensions where they exist, and CryptoKit on Apple's platforms.
///
/// Sendable as a value: swift-crypto's hasher is a value whose storage is
/// copied before a shared copy is changed, though its type does not say so.
public struct SHA256: @unchecked Sendable {
  private var hasher = Crypto.SHA256()

  /// Creates a hasher with nothing hashed yet.
  public init() {}

  /// Hashes `bytes` after everything hashed so far.
  public mutating func update(_ bytes: some Collection<UInt8>) {
    let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
      hasher.update(bufferPointer: UnsafeRawBufferPointer(buffer))
    }
    if done == nil {
      Array(bytes).withUnsafeBytes { hasher.update(bufferPointer: $0) }
    }
  }

  /// Hashes the bytes in `buffer` after everything hashed so far.
  mutating func update(_ buffer: UnsafeRawBufferPointer) {
    hasher.update(bufferPointer: buffer)
  }

  /// The digest of everything hashed, as 64 lowercase hex digits; the hasher is not changed.
  public func hexDigest() -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    text.reserveCapacity(64)
    for byte in hasher.finalize() {
      text.append(digits[Int(byte >> 4)])
      text.append(digits[Int(byte & 0xF)])
    }
    return String(decoding: text, as: UTF8.self)
  }
}
