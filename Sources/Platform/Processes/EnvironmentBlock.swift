/// A child's whole environment as the C library takes it: `NAME=value`
/// entries, each ending in NUL, in one buffer.
///
/// Built straight from the bytes of names and values, so a CGI request's two
/// dozen variables cost one growing buffer instead of a String and a C copy each.
package struct EnvironmentBlock {
  /// The entries, each ending in NUL.
  private var bytes: [UInt8] = []
  /// Where each entry starts in `bytes`.
  private var starts: [Int] = []

  package init() {
    bytes.reserveCapacity(2048)
    starts.reserveCapacity(32)
  }

  /// An environment of `NAME=value` entries, as they are.
  package init(_ entries: [String]) {
    self.init()
    for entry in entries {
      starts.append(bytes.count)
      bytes += entry.utf8
      bytes.append(0)
    }
  }

  /// How many entries there are.
  package var count: Int { starts.count }

  /// Adds `name=value`. The caller has checked that the name holds no `=` and neither holds NUL.
  package mutating func append(name: String, value: String) {
    var name = name
    var value = value
    name.withUTF8 { name in value.withUTF8 { value in append(name: name, value: value) } }
  }

  /// Adds `name=value` from the UTF-8 bytes of two native strings, checked by the caller as for the String form.
  ///
  /// An environ's strings hold bytes, one code point U+0000 to U+00FF each
  /// (PEP 3333), so each code point becomes that one byte: `HTTP_X_IN` holding
  /// `caf\u{C3}\u{A9}` reaches the program as the bytes `caf\xc3\xa9`, as a web
  /// server would pass the header `X-In: café`. A code point past U+00FF, which
  /// only an environ composed by hand can hold, is passed as its UTF-8 bytes.
  package mutating func append(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) {
    starts.append(bytes.count)
    Self.appendNative(name, to: &bytes)
    bytes.append(UInt8(ascii: "="))
    Self.appendNative(value, to: &bytes)
    bytes.append(0)
  }

  /// Appends the bytes a native string's UTF-8 holds: ASCII as it is (nearly
  /// every entry, copied in one block), U+0080 to U+00FF as one byte each.
  private static func appendNative(_ utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
    guard utf8.contains(where: { $0 >= 0x80 }) else {
      bytes += utf8
      return
    }
    var index = 0
    while index < utf8.count {
      let byte = utf8[index]
      // 0xC2 and 0xC3 lead the two-byte forms of U+0080 to U+00FF.
      if byte == 0xC2 || byte == 0xC3, index + 1 < utf8.count {
        bytes.append((byte & 0x03) << 6 | utf8[index + 1] & 0x3F)
        index += 2
      } else if byte < 0x80 {
        bytes.append(byte)
        index += 1
      } else {
        // A code point past U+00FF: its whole UTF-8 sequence, as it is.
        let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
        let end = min(index + length, utf8.count)
        bytes += utf8[index..<end]
        index = end
      }
    }
  }

  /// Calls `body` with a NULL-terminated array of pointers to the entries, valid only during the call.
  /// (Mutating only because the C type is `char *const[]`; nothing is written.)
  package mutating func withPointers<Result>(_ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Result) -> Result
  {
    let starts = starts
    return bytes.withUnsafeMutableBytes { raw in
      var pointers: [UnsafeMutablePointer<CChar>?] = []
      pointers.reserveCapacity(starts.count + 1)
      if let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self) {
        for start in starts { pointers.append(base + start) }
      }
      pointers.append(nil)
      return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
  }
}
