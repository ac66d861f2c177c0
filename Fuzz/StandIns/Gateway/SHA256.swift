/// The fuzz build's stand-in for `Sources/Gateway/Capture/SHA256.swift`, which
/// hashes with swift-crypto: a SwiftPM package the fuzz build (plain `swiftc`,
/// one module at a time) does not build. No target checks a digest against a
/// known value, only that the same bytes give the same digest, so an FNV-1a
/// hash spread over 64 hex digits serves; the API is the real one's.
public struct SHA256: Sendable {
  private var state: UInt64 = 0xcbf2_9ce4_8422_2325

  public init() {}

  public mutating func update(_ bytes: some Collection<UInt8>) {
    for byte in bytes { state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
  }

  mutating func update(_ buffer: UnsafeRawBufferPointer) {
    for byte in buffer { state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
  }

  public func hexDigest() -> String {
    let word = String(state, radix: 16)
    let padded = String(repeating: "0", count: 16 - word.count) + word
    return String(repeating: padded, count: 4)
  }
}
