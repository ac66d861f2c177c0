import Gateway

/// One event the Python worker sent, in the order it happened in the app.
enum WorkerEvent: Equatable {
  /// The app was imported and is ready (`K`).
  case ready
  /// Importing the app failed (`F`), with the traceback.
  case importFailed(traceback: String)
  /// `start_response(status, headers, exc_info)` with valid types (`S`); `excInfo` is the exception's one line.
  case startResponse(status: String, headers: [(String, String)], excInfo: String?)
  /// `write(bytes)` (`w`).
  case write([UInt8])
  /// The app returned its iterable (`R`).
  case returned
  /// The iterable yielded a chunk (`Y`).
  case yield([UInt8])
  /// The worker finished iterating and closed the iterable (`C`).
  case closed
  /// A call on wsgi.errors (`E`): `write`, `writelines`, `flush` or `close`.
  case errors(call: String, text: String)
  /// Something the app printed to stdout or stderr (`O`).
  case stray([UInt8])
  /// A rule the worker saw broken where only Python can see it (`V`), such as a `str` chunk.
  case diagnostic(rule: String, message: String)
  /// The app raised (`X`) while being called, while its body was iterated, or in `close()`.
  case exception(phase: Phase, message: String, traceback: String)
  /// A call on wsgi.input (`I`); the worker waits for the bytes.
  case input(WSGIInput.Call)
  /// The request is over (`Z`).
  case finished

  enum Phase: UInt8 {
    case call = 0
    case iterate = 1
    case close = 2
  }

  static func == (lhs: WorkerEvent, rhs: WorkerEvent) -> Bool { "\(lhs)" == "\(rhs)" }
}

/// A frame that does not follow the protocol: the worker is broken and gets restarted.
struct FrameError: Error, CustomStringConvertible {
  var type: UInt8
  var description: String { "the Python worker sent an unreadable frame (type \(type))" }
}

/// Reads the fields of one frame's payload, front to back.
struct FrameReader {
  let bytes: ArraySlice<UInt8>
  var position: Int
  let type: UInt8

  init(_ bytes: ArraySlice<UInt8>, type: UInt8) {
    self.bytes = bytes
    self.position = bytes.startIndex
    self.type = type
  }

  mutating func byte() throws(FrameError) -> UInt8 {
    guard position < bytes.endIndex else { throw FrameError(type: type) }
    defer { position += 1 }
    return bytes[position]
  }

  mutating func u32() throws(FrameError) -> Int {
    guard position + 4 <= bytes.endIndex else { throw FrameError(type: type) }
    var value = 0
    for offset in 0..<4 { value |= Int(bytes[position + offset]) << (8 * offset) }
    position += 4
    return value
  }

  mutating func i64() throws(FrameError) -> Int64 {
    guard position + 8 <= bytes.endIndex else { throw FrameError(type: type) }
    var value: UInt64 = 0
    for offset in 0..<8 { value |= UInt64(bytes[position + offset]) << (8 * UInt64(offset)) }
    position += 8
    return Int64(bitPattern: value)
  }

  mutating func text() throws(FrameError) -> String {
    let count = try u32()
    guard position + count <= bytes.endIndex else { throw FrameError(type: type) }
    defer { position += count }
    return String(decoding: bytes[position..<position + count], as: UTF8.self)
  }

  var rest: [UInt8] { Array(bytes[position...]) }
  var restText: String { String(decoding: bytes[position...], as: UTF8.self) }
}

extension WorkerEvent {
  /// Decodes one frame.
  /// - Throws: ``FrameError`` for an unknown type or a short payload.
  init(type: UInt8, payload: ArraySlice<UInt8>) throws(FrameError) {
    var reader = FrameReader(payload, type: type)
    switch type {
    case UInt8(ascii: "K"): self = .ready
    case UInt8(ascii: "F"): self = .importFailed(traceback: reader.restText)
    case UInt8(ascii: "S"):
      let status = try reader.text()
      var headers: [(String, String)] = []
      for _ in 0..<(try reader.u32()) { headers.append((try reader.text(), try reader.text())) }
      let excInfo = try reader.text()
      self = .startResponse(status: status, headers: headers, excInfo: excInfo.isEmpty ? nil : excInfo)
    case UInt8(ascii: "w"): self = .write(reader.rest)
    case UInt8(ascii: "R"): self = .returned
    case UInt8(ascii: "Y"): self = .yield(reader.rest)
    case UInt8(ascii: "C"): self = .closed
    case UInt8(ascii: "E"):
      let calls = ["write", "writelines", "flush", "close"]
      let call = Int(try reader.byte())
      guard call < calls.count else { throw FrameError(type: type) }
      self = .errors(call: calls[call], text: reader.restText)
    case UInt8(ascii: "O"): self = .stray(reader.rest)
    case UInt8(ascii: "V"): self = .diagnostic(rule: try reader.text(), message: reader.restText)
    case UInt8(ascii: "X"):
      guard let phase = Phase(rawValue: try reader.byte()) else { throw FrameError(type: type) }
      self = .exception(phase: phase, message: try reader.text(), traceback: reader.restText)
    case UInt8(ascii: "I"):
      let kind = try reader.byte()
      let raw = try reader.i64()
      let size = raw == Int64.min ? nil : Int(raw)
      switch kind {
      case 0: self = .input(.read(size))
      case 1: self = .input(.readline(size))
      case 2: self = .input(.readlines(size))
      case 3: self = .input(.iterate)
      case 4: self = .input(.close)
      default: throw FrameError(type: type)
      }
    case UInt8(ascii: "Z"): self = .finished
    default: throw FrameError(type: type)
    }
  }
}

/// Builds the frames gwsh sends the worker.
enum Frame {
  static func make(_ type: Character, _ payload: [UInt8]) -> [UInt8] {
    var frame: [UInt8] = []
    frame.reserveCapacity(payload.count + 5)
    appendU32(payload.count, to: &frame)
    frame.append(type.asciiValue!)
    frame += payload
    return frame
  }

  static func appendU32(_ value: Int, to bytes: inout [UInt8]) {
    for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
  }

  static func appendField(_ field: some Collection<UInt8>, to bytes: inout [UInt8]) {
    appendU32(field.count, to: &bytes)
    bytes += field
  }

  /// A request: the string entries as `key NUL value NUL ...`, the typed entries the
  /// same way with a type letter before the value (`b1`, `v1.0`, `i`, `e`), then
  /// any string holding NUL with its length, so the worker builds the dict with one split.
  static func request(_ environ: Environ) -> [UInt8] {
    var strings: [UInt8] = []
    var typed: [UInt8] = []
    var withNUL: [UInt8] = []
    strings.reserveCapacity(1024)
    typed.reserveCapacity(128)
    for entry in environ.entries {
      switch entry.value {
      case .string(let text):
        if !appendPair(entry.key, text, to: &strings) {
          appendField(entry.key.utf8, to: &withNUL)
          appendField(text.utf8, to: &withNUL)
        }
      case .bool(let flag): appendPair(entry.key, flag ? "b1" : "b0", to: &typed)
      case .version(let major, let minor): appendPair(entry.key, "v\(major).\(minor)", to: &typed)
      case .input: appendPair(entry.key, "i", to: &typed)
      case .errors: appendPair(entry.key, "e", to: &typed)
      }
    }
    var payload: [UInt8] = []
    payload.reserveCapacity(strings.count + typed.count + withNUL.count + 8)
    appendField(strings, to: &payload)
    appendField(typed, to: &payload)
    payload += withNUL
    return make("Q", payload)
  }

  /// Appends `key NUL value` (after a NUL when `part` holds an entry already),
  /// unless either holds a NUL itself; each is copied as one block of UTF-8
  /// bytes, where appending a String.UTF8View byte by byte cost most of a bridged
  /// request's time in gwsh.
  /// - Returns: Whether the pair was appended.
  @discardableResult
  private static func appendPair(_ key: String, _ value: String, to part: inout [UInt8]) -> Bool {
    var key = key  // withUTF8 reads a native string in place
    var value = value
    return key.withUTF8 { keyBytes in
      value.withUTF8 { valueBytes in
        guard !keyBytes.contains(0), !valueBytes.contains(0) else { return false }
        if !part.isEmpty { part.append(0) }
        part.append(contentsOf: keyBytes)
        part.append(0)
        part.append(contentsOf: valueBytes)
        return true
      }
    }
  }

  /// The answer to a wsgi.input call.
  static func data(_ bytes: [UInt8]) -> [UInt8] { make("D", bytes) }

  /// The answer to `readlines()`: each line with its length.
  static func lines(_ lines: [[UInt8]]) -> [UInt8] {
    var payload: [UInt8] = []
    for line in lines { appendField(line, to: &payload) }
    return make("D", payload)
  }
}
