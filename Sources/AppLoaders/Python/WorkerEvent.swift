import Gateway

/// One event the Python worker sent, in the order it happened in the app.
enum WorkerEvent: Equatable {
  /// The worker script runs (``FrameType/started``): the interpreter is a Python 3.
  case started
  /// The app was imported and is ready (``FrameType/ready``); `sharedMemory` says whether the worker mapped gwsh's slots.
  case ready(sharedMemory: Bool)
  /// Importing the app failed (`F`), with the traceback.
  case importFailed(traceback: String)
  /// `start_response(status, headers, exc_info)` (`S`, or `s` when a string holds NUL or the types are wrong);
  /// `excInfo` is the exception's one line, `time` when the app called it (`CLOCK_MONOTONIC`, in nanoseconds).
  ///
  /// The worker holds this event back until the next one (PEP 3333 servers send
  /// the headers with the first body bytes), so `time` says when it really happened.
  case startResponse(status: String, headers: [(String, String)], excInfo: String?, time: Int64)
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
  /// A rule the worker saw broken where only Python can see it (`V`), such as a `str` chunk.
  case diagnostic(rule: String, message: String)
  /// The app raised (`X`) while being called, while its body was iterated, or in `close()`.
  case exception(phase: Phase, message: String, traceback: String)
  /// A call on wsgi.input (`I`); the worker waits for the bytes.
  case input(WSGIInput.Call)
  /// The request is over (`Z`).
  case finished
  /// pdb, opened by `breakpoint()`, waits for a line; `output` is what it printed since, ending with its prompt.
  case debuggerAsks(output: String)
  /// A piece of what pdb prints while the command typed at its prompt runs (`O`), as UTF-8.
  case debuggerOutput([UInt8])
  /// pdb let the app go on (`G`): what it printed has all come, and no prompt follows.
  case debuggerLeft
  /// The request ran under cProfile: its hottest functions, as text.
  case profile(String)

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
    try text(count: try u32())
  }

  mutating func text(count: Int) throws(FrameError) -> String {
    guard position + count <= bytes.endIndex else { throw FrameError(type: type) }
    defer { position += count }
    return Self.decode(bytes, from: position, count: count)
  }

  /// The text up to the next NUL, or to the end; the NUL is skipped.
  mutating func field() throws(FrameError) -> String {
    guard position <= bytes.endIndex else { throw FrameError(type: type) }
    let start = position - bytes.startIndex
    let count = bytes.withUnsafeBufferPointer { buffer in
      guard start < buffer.count else { return 0 }
      return (buffer[start...].firstIndex(of: 0) ?? buffer.count) - start
    }
    defer { position += count + 1 }
    return Self.decode(bytes, from: position, count: count)
  }

  /// Decodes UTF-8 from the slice's buffer: a generic collection of bytes takes
  /// the slow path of `String(decoding:as:)`, which cost a request's headers more than the rest of their frame.
  private static func decode(_ bytes: ArraySlice<UInt8>, from position: Int, count: Int) -> String {
    bytes.withUnsafeBufferPointer { buffer in
      let start = position - bytes.startIndex
      // The worker encodes with surrogatepass: a lone surrogate keeps a stand-in instead of becoming U+FFFD.
      return String(decodingSurrogatePassing: UnsafeBufferPointer(rebasing: buffer[start..<start + count]))
    }
  }

  var rest: [UInt8] { Array(bytes[position...]) }
  var restText: String { String(decoding: bytes[position...], as: UTF8.self) }
}

extension WorkerEvent {
  /// Decodes one frame.
  /// - Throws: ``FrameError`` for an unknown type or a short payload.
  init(type: UInt8, payload: ArraySlice<UInt8>) throws(FrameError) {
    var reader = FrameReader(payload, type: type)
    guard let kind = FrameType(rawValue: type) else { throw FrameError(type: type) }
    switch kind {
    case .started: self = .started
    case .ready: self = .ready(sharedMemory: payload.first == 1)
    case .importFailed: self = .importFailed(traceback: reader.restText)
    case .startResponse, .startResponsePrefixed:
      let time = try reader.i64()
      let excCount = try reader.u32()
      let headerCount = try reader.u32()
      let excInfo = try reader.text(count: excCount)
      let status: String
      var headers: [(String, String)] = []
      headers.reserveCapacity(min(headerCount, 64))
      if kind == .startResponse {
        // Status and headers separated by NUL, which none of them holds.
        status = try reader.field()
        for _ in 0..<headerCount { headers.append((try reader.field(), try reader.field())) }
      } else {
        status = try reader.text()
        for _ in 0..<headerCount { headers.append((try reader.text(), try reader.text())) }
      }
      self = .startResponse(status: status, headers: headers, excInfo: excInfo.isEmpty ? nil : excInfo, time: time)
    case .write: self = .write(reader.rest)
    case .returned: self = .returned
    case .yield: self = .yield(reader.rest)
    case .closed: self = .closed
    case .errors:
      let calls = ["write", "writelines", "flush", "close"]
      let call = Int(try reader.byte())
      guard call < calls.count else { throw FrameError(type: type) }
      self = .errors(call: calls[call], text: reader.restText)
    case .diagnostic: self = .diagnostic(rule: try reader.text(), message: reader.restText)
    case .exception:
      guard let phase = Phase(rawValue: try reader.byte()) else { throw FrameError(type: type) }
      self = .exception(phase: phase, message: try reader.text(), traceback: reader.restText)
    case .input:
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
    case .finished: self = .finished
    case .debuggerAsks: self = .debuggerAsks(output: reader.restText)
    case .debuggerOutput: self = .debuggerOutput(reader.rest)
    case .debuggerLeft: self = .debuggerLeft
    case .profile: self = .profile(reader.restText)
    case .request, .requestChanges, .inputData, .inputShared, .sharedChunk, .debuggerLine, .postMortem, .profileNext:
      throw FrameError(type: type)
    }
  }
}
