import Gateway

/// Encodes each request's environ for the worker: whole (`Q`) when its keys
/// differ from the last request's, otherwise (`q`) only the entries whose value
/// changed, which the worker applies to its copy of the last environ.
///
/// Consecutive requests to one app nearly always carry the same keys in the
/// same order (the CGI variables, the same request headers) and mostly the same
/// values, so the worker rebuilds only what changed, and the dict the app gets
/// is a copy with its keys in the same order as a fresh build would give.
struct RequestEncoder {
  /// A value as the worker holds it: no stream objects, only what the frame says.
  private enum SentValue: Equatable {
    case string(String)
    case bool(Bool)
    case version(Int, Int)
    case input
    case errors

    init(_ value: EnvironValue) {
      switch value {
      case .string(let text): self = .string(text)
      case .bool(let flag): self = .bool(flag)
      case .version(let major, let minor): self = .version(major, minor)
      case .input: self = .input
      case .errors: self = .errors
      }
    }
  }

  /// The keys and values of the environ the worker holds, in order.
  private var sentKeys: [String] = []
  private var sentValues: [SentValue] = []

  /// The frame for the request with `environ`.
  ///
  /// Each part holds the entries to set: the string entries as `key NUL value
  /// NUL ...`, the typed entries the same way with a type letter before the value
  /// (`b1`, `v1.0`, `i`, `e`), then any string holding NUL with its length, so
  /// the worker builds the dict with one split. The string entries are written
  /// straight into the frame, and the lengths patched in after.
  mutating func frame(for environ: Environ) -> [UInt8] {
    let entries = environ.entries
    var whole = entries.count != sentKeys.count
    if !whole {
      for index in entries.indices where entries[index].key != sentKeys[index] {
        whole = true
        break
      }
    }
    if whole {
      sentKeys = entries.map(\.key)
      sentValues = entries.map { SentValue($0.value) }
    }
    var frame: [UInt8] = [0, 0, 0, 0, UInt8(ascii: whole ? "Q" : "q"), 0, 0, 0, 0]
    frame.reserveCapacity(whole ? 2048 : 256)
    var typed: [UInt8] = []
    var withNUL: [UInt8] = []
    for index in entries.indices {
      let entry = entries[index]
      if !whole {
        let value = SentValue(entry.value)
        if value == sentValues[index] { continue }
        sentValues[index] = value
      }
      switch entry.value {
      case .string(let text):
        if !Self.appendPair(entry.key, text, to: &frame, first: frame.count == 9) {
          Self.appendField(entry.key.utf8, to: &withNUL)
          Self.appendField(text.utf8, to: &withNUL)
        }
      case .bool(let flag): Self.appendPair(entry.key, flag ? "b1" : "b0", to: &typed, first: typed.isEmpty)
      case .version(1, 0): Self.appendPair(entry.key, "v1.0", to: &typed, first: typed.isEmpty)
      case .version(let major, let minor):
        Self.appendPair(entry.key, "v\(major).\(minor)", to: &typed, first: typed.isEmpty)
      case .input: Self.appendPair(entry.key, "i", to: &typed, first: typed.isEmpty)
      case .errors: Self.appendPair(entry.key, "e", to: &typed, first: typed.isEmpty)
      }
    }
    Self.patchU32(frame.count - 9, at: 5, in: &frame)
    Self.appendField(typed, to: &frame)
    frame += withNUL
    Self.patchU32(frame.count - 5, at: 0, in: &frame)
    return frame
  }

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
