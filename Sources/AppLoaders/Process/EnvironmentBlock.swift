/// A child's whole environment as the C library takes it: `NAME=value`
/// entries, each ending in NUL, in one buffer.
///
/// Built straight from the bytes of names and values, so a CGI request's two
/// dozen variables cost one growing buffer instead of a String and a C copy each.
struct EnvironmentBlock {
  /// The entries, each ending in NUL.
  private var bytes: [UInt8] = []
  /// Where each entry starts in `bytes`.
  private var starts: [Int] = []

  init() {
    bytes.reserveCapacity(2048)
    starts.reserveCapacity(32)
  }

  /// An environment of `NAME=value` entries, as they are.
  init(_ entries: [String]) {
    self.init()
    for entry in entries {
      starts.append(bytes.count)
      bytes += entry.utf8
      bytes.append(0)
    }
  }

  /// How many entries there are.
  var count: Int { starts.count }

  /// Adds `name=value`. The caller has checked that the name holds no `=` and neither holds NUL.
  mutating func append(name: String, value: String) {
    var name = name
    var value = value
    name.withUTF8 { name in value.withUTF8 { value in append(name: name, value: value) } }
  }

  /// Adds `name=value` from their UTF-8 bytes, checked by the caller as for the String form.
  mutating func append(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) {
    starts.append(bytes.count)
    bytes += name
    bytes.append(UInt8(ascii: "="))
    bytes += value
    bytes.append(0)
  }

  /// Calls `body` with a NULL-terminated array of pointers to the entries, valid only during the call.
  /// (Mutating only because the C type is `char *const[]`; nothing is written.)
  mutating func withPointers<Result>(_ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Result) -> Result {
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
