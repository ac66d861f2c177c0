#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A streaming SHA-256 (FIPS 180-4), so a captured body's digest is known
/// without holding the body.
///
/// Every body byte a dispatch captures passes through here, so it is built for
/// throughput: blocks are compressed straight from the caller's buffer, the
/// partial block waits in fixed storage inside the value (a hasher allocates
/// nothing), and where the system's libcrypto is present its block function
/// (SHA-NI or AVX2 code) does the compression; otherwise the portable Swift
/// rounds below do it.
public struct SHA256: Sendable {
  /// The chaining value, h0...h7; laid out first and contiguous, as libcrypto's `SHA256_CTX` starts.
  private var state = State()
  /// The partial block waiting for more bytes.
  private var block: Block = (0, 0, 0, 0, 0, 0, 0, 0)
  /// How many bytes of `block` are filled.
  private var blockFill = 0
  private var totalCount: UInt64 = 0

  /// Creates a hasher with nothing hashed yet.
  public init() {}

  /// Hashes `bytes` after everything hashed so far.
  public mutating func update(_ bytes: some Collection<UInt8>) {
    let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
      update(UnsafeRawBufferPointer(buffer))
    }
    if done == nil {
      Array(bytes).withUnsafeBytes { update($0) }
    }
  }

  /// Hashes the bytes in `buffer` after everything hashed so far.
  mutating func update(_ buffer: UnsafeRawBufferPointer) {
    guard var base = buffer.baseAddress, buffer.count > 0 else { return }
    var count = buffer.count
    totalCount &+= UInt64(count)
    if blockFill > 0 {
      let take = min(64 - blockFill, count)
      withUnsafeMutableBytes(of: &block) { storage in
        storage.baseAddress!.advanced(by: blockFill).copyMemory(from: base, byteCount: take)
      }
      blockFill += take
      base += take
      count -= take
      guard blockFill == 64 else { return }
      var full = block
      withUnsafeBytes(of: &full) { compress($0.baseAddress!, blocks: 1) }
      blockFill = 0
    }
    let whole = count / 64
    if whole > 0 {
      compress(base, blocks: whole)
      base += whole * 64
      count -= whole * 64
    }
    if count > 0 {
      withUnsafeMutableBytes(of: &block) { storage in
        storage.baseAddress!.copyMemory(from: base, byteCount: count)
      }
      blockFill = count
    }
  }

  /// The digest of everything hashed, as 64 lowercase hex digits; the hasher is not changed.
  public func hexDigest() -> String {
    var copy = self
    let bitCount = totalCount &* 8
    // 0x80, zeros up to 56 bytes into a block, then the length in bits, big-endian.
    var padding = [UInt8](repeating: 0, count: blockFill < 56 ? 64 - blockFill : 128 - blockFill)
    padding[0] = 0x80
    for index in 0..<8 {
      padding[padding.count - 1 - index] = UInt8(truncatingIfNeeded: bitCount >> (8 * UInt64(index)))
    }
    padding.withUnsafeBytes { copy.update($0) }
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    text.reserveCapacity(64)
    let state = copy.state
    for word in [state.h0, state.h1, state.h2, state.h3, state.h4, state.h5, state.h6, state.h7] {
      for shift in stride(from: 28, through: 0, by: -4) {
        text.append(digits[Int((word >> UInt32(shift)) & 0xF)])
      }
    }
    return String(decoding: text, as: UTF8.self)
  }

  /// How many bytes a stream holds before libcrypto takes over from the
  /// portable rounds (an update that passes it goes to libcrypto whole): loading libcrypto
  /// costs more (about 2.5 ms, most of a one-request start of the shell) than
  /// hashing a small body portably, and most bodies are small.
  static let portablePrefix: UInt64 = 64 * 1024

  private mutating func compress(_ blocks: UnsafeRawPointer, blocks count: Int) {
    // Both compress the same h0...h7, so a stream may change from one to the other between blocks.
    if totalCount > Self.portablePrefix, let transform = SystemSHA256.transform {
      // libcrypto's SHA256_Transform reads and writes only h0...h7 at the start of
      // its context; the rest of the context is room it never touches here.
      withUnsafeMutablePointer(to: &state) { state in
        let context = UnsafeMutableRawPointer(state)
        for index in 0..<count { _ = transform(context, blocks + index * 64) }
      }
    } else {
      Self.compressPortably(&state, blocks, count: count)
    }
  }

  /// The SHA-256 compression function over `count` consecutive 64-byte blocks.
  private static func compressPortably(_ state: inout State, _ blocks: UnsafeRawPointer, count: Int) {
    roundConstants.withUnsafeBufferPointer { k in
      withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
        var (h0, h1, h2, h3, h4, h5, h6, h7) = (
          state.h0, state.h1, state.h2, state.h3, state.h4, state.h5, state.h6, state.h7
        )
        for index in 0..<count {
          let block = blocks + index * 64
          for t in 0..<16 {
            w[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: t * 4, as: UInt32.self))
          }
          for t in 16..<64 {
            let x = w[t - 15]
            let y = w[t - 2]
            let s0 = x.rotatedRight(7) ^ x.rotatedRight(18) ^ (x >> 3)
            let s1 = y.rotatedRight(17) ^ y.rotatedRight(19) ^ (y >> 10)
            w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
          }
          var (a, b, c, d, e, f, g, h) = (h0, h1, h2, h3, h4, h5, h6, h7)
          for t in 0..<64 {
            let s1 = e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)
            let choice = g ^ (e & (f ^ g))
            let temp1 = h &+ s1 &+ choice &+ k[t] &+ w[t]
            let s0 = a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)
            let majority = (a & b) | (c & (a | b))
            h = g
            g = f
            f = e
            e = d &+ temp1
            d = c
            c = b
            b = a
            a = temp1 &+ s0 &+ majority
          }
          h0 &+= a
          h1 &+= b
          h2 &+= c
          h3 &+= d
          h4 &+= e
          h5 &+= f
          h6 &+= g
          h7 &+= h
        }
        state = State(h0: h0, h1: h1, h2: h2, h3: h3, h4: h4, h5: h5, h6: h6, h7: h7)
      }
    }
  }

  private static let roundConstants: [UInt32] = [
    0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
    0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
    0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
    0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
    0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
    0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
    0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
    0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
  ]

  /// h0...h7, followed by room for the rest of a libcrypto `SHA256_CTX` (112 bytes in all),
  /// which its block function is handed but, for `SHA256_Transform`, never reads.
  private struct State: Sendable {
    var h0: UInt32 = 0x6a09_e667
    var h1: UInt32 = 0xbb67_ae85
    var h2: UInt32 = 0x3c6e_f372
    var h3: UInt32 = 0xa54f_f53a
    var h4: UInt32 = 0x510e_527f
    var h5: UInt32 = 0x9b05_688c
    var h6: UInt32 = 0x1f83_d9ab
    var h7: UInt32 = 0x5be0_cd19
    var rest: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0
    )
  }

  /// 64 bytes: one block.
  private typealias Block = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
}

/// The system libcrypto's SHA-256 block function, looked up once at run time.
///
/// It compresses with the CPU's SHA extensions where they exist (several times
/// the speed of portable code). Looking it up rather than linking it keeps the
/// core free of a build dependency; where it is missing, the Swift rounds run.
enum SystemSHA256 {
  typealias Transform = @convention(c) (UnsafeMutableRawPointer, UnsafeRawPointer) -> Void

  static let transform: Transform? = {
    #if os(Linux)
      guard getenv("GWSH_PORTABLE_SHA256") == nil else { return nil }
      for name in ["libcrypto.so.3", "libcrypto.so"] {
        guard let library = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { continue }
        if let symbol = dlsym(library, "SHA256_Transform") { return unsafeBitCast(symbol, to: Transform.self) }
      }
    #endif
    return nil
  }()
}

extension UInt32 {
  @inline(__always)
  fileprivate func rotatedRight(_ count: UInt32) -> UInt32 { (self >> count) | (self << (32 - count)) }
}
