import Gateway

/// Builds the frames gwsh sends the worker: 4-byte little-endian payload length, 1 type byte, payload.
enum Frame {
  static func appendU32(_ value: Int, to bytes: inout [UInt8]) {
    for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
  }

  static func appendField(_ field: some Collection<UInt8>, to bytes: inout [UInt8]) {
    appendU32(field.count, to: &bytes)
    bytes += field
  }

  /// Overwrites the four bytes at `offset` with `value`, for a length known only once what it counts was appended.
  private static func patchU32(_ value: Int, at offset: Int, in bytes: inout [UInt8]) {
    for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
  }

  /// A request: the string entries as `key NUL value NUL ...`, the typed entries the
  /// same way with a type letter before the value (`b1`, `v1.0`, `i`, `e`), then
  /// any string holding NUL with its length, so the worker builds the dict with one split.
  ///
  /// The string entries are written straight into the frame, and the lengths
  /// patched in after, so the environ's bytes are copied once.
  static func request(_ environ: Environ) -> [UInt8] {
    var frame: [UInt8] = [0, 0, 0, 0, UInt8(ascii: "Q"), 0, 0, 0, 0]
    frame.reserveCapacity(2048)
    var typed: [UInt8] = []
    var withNUL: [UInt8] = []
    typed.reserveCapacity(128)
    for entry in environ.entries {
      switch entry.value {
      case .string(let text):
        if !appendPair(entry.key, text, to: &frame, first: frame.count == 9) {
          appendField(entry.key.utf8, to: &withNUL)
          appendField(text.utf8, to: &withNUL)
        }
      case .bool(let flag): appendPair(entry.key, flag ? "b1" : "b0", to: &typed, first: typed.isEmpty)
      case .version(1, 0): appendPair(entry.key, "v1.0", to: &typed, first: typed.isEmpty)
      case .version(let major, let minor): appendPair(entry.key, "v\(major).\(minor)", to: &typed, first: typed.isEmpty)
      case .input: appendPair(entry.key, "i", to: &typed, first: typed.isEmpty)
      case .errors: appendPair(entry.key, "e", to: &typed, first: typed.isEmpty)
      }
    }
    patchU32(frame.count - 9, at: 5, in: &frame)
    appendField(typed, to: &frame)
    frame += withNUL
    patchU32(frame.count - 5, at: 0, in: &frame)
    return frame
  }

  /// Appends `key NUL value` (after a NUL unless it is the `first` entry of its
  /// part), unless either holds a NUL itself; each is copied as one block of
  /// UTF-8 bytes, where appending a String.UTF8View byte by byte cost most of a
  /// bridged request's time in gwsh.
  /// - Returns: Whether the pair was appended.
  @discardableResult
  private static func appendPair(_ key: String, _ value: String, to part: inout [UInt8], first: Bool) -> Bool {
    var key = key  // withUTF8 reads a native string in place
    var value = value
    return key.withUTF8 { keyBytes in
      value.withUTF8 { valueBytes in
        guard !keyBytes.contains(0), !valueBytes.contains(0) else { return false }
        if !first { part.append(0) }
        part.append(contentsOf: keyBytes)
        part.append(0)
        part.append(contentsOf: valueBytes)
        return true
      }
    }
  }

  /// The answer to `readlines()`: each line with its length.
  static func lines(_ lines: [[UInt8]]) -> [UInt8] {
    var payload: [UInt8] = []
    for line in lines { appendField(line, to: &payload) }
    return payload
  }
}
