/// Reads a JSON document and writes it re-indented in the same pass, without
/// tokens: a string or a number is copied from the input to the output as one
/// run, and only what lies between them (`{}[],:` and whitespace) is handled a
/// byte at a time. A document laid out as a large body streams in is tens of
/// megabytes, and handing out a token for each few bytes cost more than reading
/// and copying the bytes themselves.
///
/// It reads the grammar exactly as ``JSONScanner`` does, with the same nesting
/// limit, so that a body is laid out exactly when it parses; the tests and the
/// `json` fuzz target hold the two to it.
///
/// A document may come in pieces: ``run(_:_:final:into:)`` stops before a token
/// the bytes end inside (a name, a number, a literal, an escape in a string)
/// and keeps where it is in the document's structure for the next bytes. A
/// string value the bytes end inside is written as far as it goes.
struct JSONLayoutEngine {
  /// What may come next; it also says what has been written before it.
  enum Expecting {
    /// The document's value, or a member's value after its name and `: `.
    case value
    /// An element after a `,`, whose line break is written.
    case element
    /// Right after `[`: an element, or `]`.
    case elementOrEnd
    /// Right after `{`: a name, or `}`.
    case nameOrEnd
    /// A member name, its line break written.
    case name
    /// After a value inside a container: `,` or the container's close.
    case commaOrEnd
    /// After the document's value: only whitespace.
    case end
    /// The rest of a string value the last bytes ended inside.
    case restOfString
  }

  private(set) var expecting = Expecting.value
  /// The output has room for at least what is left of the input and this
  /// much more: strings, numbers and literals are copied without a check,
  /// and each line break makes room for itself and its indentation.
  private static let slack = 64
  private var nesting = Nesting()

  /// Whether the bytes so far are one whole document (and whitespace).
  var isComplete: Bool { expecting == .end }

  /// The nesting of what comes next: 0 at the top.
  var depth: Int { nesting.depth }

  /// Whether what was last written is the line break after a `,`, which is
  /// written with the comma, before the next element is seen.
  var endsWithBreakAfterComma: Bool {
    expecting == .name || expecting == .element
  }

  /// Reads `bytes`, the document's next bytes, and writes their layout at the
  /// end of `output` (nothing when `Mode` only checks). Returns where a token
  /// the bytes end inside begins (`bytes.count` when there is none): those
  /// bytes must be given again, before the next ones. `nil` when the bytes are
  /// not JSON; with `final`, no more bytes follow and a token cut short is not JSON either.
  mutating func run<Mode: JSONLayoutMode>(
    _: Mode.Type, _ bytes: UnsafeBufferPointer<UInt8>, final: Bool, into output: inout ByteWriter
  ) -> Int? {
    guard let start = bytes.baseAddress, !bytes.isEmpty else { return 0 }
    let end = start + bytes.count
    var p = start
    var state = expecting
    var nesting = self.nesting
    self.nesting = Nesting()
    var inObject = nesting.innermostIsObject
    if Mode.writes { output.reserve(bytes.count &+ Self.slack) }
    var out = output.end
    var spare = Self.spare(out + output.available, end)
    var valid = true

    loop: while true {
      switch state {
      case .value, .element:
        guard let byte = Self.nextByte(&p, end) else { break loop }
        switch byte {
        case UInt8(ascii: "\""):
          Self.put(Mode.self, UInt8(ascii: "\""), &out)
          p += 1
          switch Self.stringBody(Mode.self, &p, &out, end) {
          case .closed:
            state = nesting.depth == 0 ? .end : .commaOrEnd
          case .cut:
            guard !final else {
              valid = false
              break loop
            }
            state = .restOfString
            break loop
          case .invalid:
            valid = false
            break loop
          }
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
          let number = p
          switch Self.number(&p, end) {
          case .closed: break
          case .cut:
            valid = !final
            p = number
            break loop
          case .invalid:
            valid = false
            break loop
          }
          if p == end, !final {
            // More digits may follow in the next bytes.
            p = number
            break loop
          }
          if Mode.writes { out = ByteWriter.copyRun(number, count: p - number, readableTo: end, to: out) }
          state = nesting.depth == 0 ? .end : .commaOrEnd
        case UInt8(ascii: "{"), UInt8(ascii: "["):
          guard nesting.depth < JSONScanner.maximumDepth else {
            valid = false
            break loop
          }
          let object = byte == UInt8(ascii: "{")
          Self.put(Mode.self, byte, &out)
          p += 1
          nesting.push(object: object)
          inObject = object
          state = object ? .nameOrEnd : .elementOrEnd
        case UInt8(ascii: "t"):
          guard Self.literal(Mode.self, "true", &p, end, &out, final: final, valid: &valid) else { break loop }
          state = nesting.depth == 0 ? .end : .commaOrEnd
        case UInt8(ascii: "f"):
          guard Self.literal(Mode.self, "false", &p, end, &out, final: final, valid: &valid) else { break loop }
          state = nesting.depth == 0 ? .end : .commaOrEnd
        case UInt8(ascii: "n"):
          guard Self.literal(Mode.self, "null", &p, end, &out, final: final, valid: &valid) else { break loop }
          state = nesting.depth == 0 ? .end : .commaOrEnd
        default:
          valid = false
          break loop
        }

      case .commaOrEnd:
        guard let byte = Self.nextByte(&p, end) else { break loop }
        if byte == UInt8(ascii: ",") {
          p += 1
          Self.put(Mode.self, UInt8(ascii: ","), &out)
          Self.lineBreak(Mode.self, nesting.depth, p, end, &output, &out, &spare)
          state = inObject ? .name : .element
        } else if byte == (inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
          p += 1
          _ = nesting.pop()
          Self.lineBreak(Mode.self, nesting.depth, p, end, &output, &out, &spare)
          Self.put(Mode.self, byte, &out)
          inObject = nesting.innermostIsObject
          state = nesting.depth == 0 ? .end : .commaOrEnd
        } else {
          valid = false
          break loop
        }

      case .nameOrEnd:
        guard let byte = Self.nextByte(&p, end) else { break loop }
        if byte == UInt8(ascii: "}") {
          p += 1
          _ = nesting.pop()
          Self.put(Mode.self, UInt8(ascii: "}"), &out)
          inObject = nesting.innermostIsObject
          state = nesting.depth == 0 ? .end : .commaOrEnd
        } else {
          Self.lineBreak(Mode.self, nesting.depth, p, end, &output, &out, &spare)
          state = .name
        }

      case .name:
        guard let byte = Self.nextByte(&p, end) else { break loop }
        guard byte == UInt8(ascii: "\"") else {
          valid = false
          break loop
        }
        // The name is written as it is read, but counted only once its `:` is found: a name the
        // bytes end inside is read again with the next ones.
        let name = p
        var written = out
        if Mode.writes { written.pointee = UInt8(ascii: "\"") }
        written += 1
        p += 1
        switch Self.stringBody(Mode.self, &p, &written, end) {
        case .closed: break
        case .cut:
          valid = !final
          p = name
          break loop
        case .invalid:
          valid = false
          break loop
        }
        guard let colon = Self.nextByte(&p, end) else {
          valid = !final
          p = name
          break loop
        }
        guard colon == UInt8(ascii: ":") else {
          valid = false
          break loop
        }
        p += 1
        out = written
        Self.put(Mode.self, UInt8(ascii: ":"), &out)
        Self.put(Mode.self, UInt8(ascii: " "), &out)
        state = .value

      case .elementOrEnd:
        guard let byte = Self.nextByte(&p, end) else { break loop }
        if byte == UInt8(ascii: "]") {
          p += 1
          _ = nesting.pop()
          Self.put(Mode.self, UInt8(ascii: "]"), &out)
          inObject = nesting.innermostIsObject
          state = nesting.depth == 0 ? .end : .commaOrEnd
        } else {
          Self.lineBreak(Mode.self, nesting.depth, p, end, &output, &out, &spare)
          state = .value
        }

      case .restOfString:
        let (runEnd, read, written) = Self.stringRest(Mode.self, p, out, end)
        p = read
        out = written
        switch runEnd {
        case .closed:
          state = nesting.depth == 0 ? .end : .commaOrEnd
        case .cut:
          valid = !final
          break loop
        case .invalid:
          valid = false
          break loop
        }

      case .end:
        valid = Self.nextByte(&p, end) == nil
        break loop
      }
    }
    self.nesting = nesting
    expecting = state
    if Mode.writes { output.advance(by: out - output.end) }
    return valid ? p - start : nil
  }

  @inline(__always)
  private static func put<Mode: JSONLayoutMode>(_: Mode.Type, _ byte: UInt8, _ out: inout UnsafeMutablePointer<UInt8>) {
    guard Mode.writes else { return }
    out.pointee = byte
    out += 1
  }

  /// Writes a line break and the indentation of `level` at `out`, first making
  /// room for them and for the input left after `p`.
  @inline(__always)
  private static func lineBreak<Mode: JSONLayoutMode>(
    _: Mode.Type, _ level: Int, _ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, _ output: inout ByteWriter,
    _ out: inout UnsafeMutablePointer<UInt8>, _ spare: inout Int
  ) {
    guard Mode.writes else { return }
    // The room left is at least the input left and this line break's: the room's end less the input's
    // end (`spare`) is at least how far the output has run ahead of the input, and the line break.
    if Int(bitPattern: out) &- Int(bitPattern: p) &+ level &* 2 > spare {
      let limit: UnsafeMutablePointer<UInt8>
      (out, limit) = grow(&output, out, (end - p) &+ level &* 2 &+ 24 &+ slack)
      spare = Self.spare(limit, end)
    }
    out = ByteWriter.lineBreak(at: out, indent: level &* 2)
  }

  /// How much further the output's room ends than the input, less the slack and a line break's own bytes.
  @inline(__always)
  private static func spare(_ limit: UnsafeMutablePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Int {
    Int(bitPattern: limit) &- Int(bitPattern: end) &- 24 &- slack
  }

  /// Makes room for `room` bytes at `out`, the end of what is written to
  /// `output`; returns where writing goes on and the end of the room.
  @inline(never)
  private static func grow(
    _ output: inout ByteWriter, _ out: UnsafeMutablePointer<UInt8>, _ room: Int
  ) -> (UnsafeMutablePointer<UInt8>, UnsafeMutablePointer<UInt8>) {
    output.advance(by: out - output.end)
    output.reserve(room)
    return (output.end, output.end + output.available)
  }

  /// The next byte that is not whitespace, with `p` moved to it, or `nil` at
  /// the end of the bytes. Most tokens have no whitespace before them, which costs one look.
  @inline(__always)
  private static func nextByte(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> UInt8? {
    guard p < end else { return nil }
    if p.pointee > 0x20 { return p.pointee }
    while p < end {
      switch p.pointee {
      case 0x20, 0x0A, 0x0D, 0x09: p += 1
      default: return p.pointee
      }
    }
    return nil
  }

  /// How a run of a token's bytes ended.
  private enum RunEnd {
    /// The token ended where the reading stopped.
    case closed
    /// The bytes ended first.
    case cut
    /// A byte the token may not hold.
    case invalid
  }

  /// Reads (and writes, unless `Mode` only checks) a string's characters from
  /// `p`, just past its opening quote, to just past its closing quote; when the
  /// bytes end first, stops at their end or at the backslash of an escape they cut.
  @inline(__always)
  private static func stringBody<Mode: JSONLayoutMode>(
    _: Mode.Type, _ p: inout UnsafePointer<UInt8>, _ out: inout UnsafeMutablePointer<UInt8>,
    _ end: UnsafePointer<UInt8>
  ) -> RunEnd {
    // Most strings are short and hold no escape: their closing quote is found by the words read
    // here. The rest of a string that does hold one goes on out of line.
    while end - p >= 8 {
      let word = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
      if Mode.writes { UnsafeMutableRawPointer(out).storeBytes(of: word, as: UInt64.self) }
      let special = JSONScanner.specialInString(word)
      if special != 0 {
        let plain = special.trailingZeroBitCount &>> 3
        p += plain
        out += plain
        guard p.pointee == UInt8(ascii: "\"") else { break }
        p += 1
        out += 1
        return .closed
      }
      p += 8
      out += 8
    }
    let (runEnd, read, written) = stringRest(Mode.self, p, out, end)
    p = read
    out = written
    return runEnd
  }

  /// The rest of a string from `p`, as ``stringBody(_:_:_:_:)``: its escapes,
  /// and its last bytes when fewer than a word are left; returns where reading
  /// and writing stopped.
  @inline(never)
  private static func stringRest<Mode: JSONLayoutMode>(
    _: Mode.Type, _ p: UnsafePointer<UInt8>, _ out: UnsafeMutablePointer<UInt8>, _ end: UnsafePointer<UInt8>
  ) -> (RunEnd, UnsafePointer<UInt8>, UnsafeMutablePointer<UInt8>) {
    var p = p
    var out = out
    while true {
      if end - p >= 8 {
        // Most of a string is none of `"`, `\` or a control: eight bytes at a time are copied
        // whole (the output has room past them), and kept up to the first byte that is one.
        let word = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
        if Mode.writes { UnsafeMutableRawPointer(out).storeBytes(of: word, as: UInt64.self) }
        let special = JSONScanner.specialInString(word)
        if special == 0 {
          p += 8
          out += 8
          continue
        }
        let plain = special.trailingZeroBitCount &>> 3
        p += plain
        out += plain
      } else {
        guard p < end else { return (.cut, p, out) }
        let byte = p.pointee
        if byte >= 0x20, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
          if Mode.writes { out.pointee = byte }
          p += 1
          out += 1
          continue
        }
      }
      let byte = p.pointee
      if byte == UInt8(ascii: "\"") {
        if Mode.writes { out.pointee = byte }
        return (.closed, p + 1, out + 1)
      }
      guard byte == UInt8(ascii: "\\") else { return (.invalid, p, out) }
      let length: Int
      guard end - p >= 2 else { return (.cut, p, out) }
      switch p[1] {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
        UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
        length = 2
      case UInt8(ascii: "u"):
        for offset in 2..<6 {
          guard end - p > offset else { return (.cut, p, out) }
          guard JSONScanner.hexValue(p[offset]) != nil else { return (.invalid, p, out) }
        }
        length = 6
      default:
        return (.invalid, p, out)
      }
      if Mode.writes {
        if end - p >= 8 {
          // The output has room for a word wherever the input has one.
          let word = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
          UnsafeMutableRawPointer(out).storeBytes(of: word, as: UInt64.self)
        } else {
          for offset in 0..<length { out[offset] = p[offset] }
        }
      }
      p += length
      out += length
    }
  }

  /// Reads a number from `p` to the byte after it, by RFC 8259's grammar.
  @inline(__always)
  private static func number(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> RunEnd {
    @inline(__always)
    func digits() -> Bool {
      let first = p
      while p < end, p.pointee &- UInt8(ascii: "0") < 10 { p += 1 }
      return p > first
    }
    if p.pointee == UInt8(ascii: "-") { p += 1 }
    guard p < end else { return .cut }
    if p.pointee == UInt8(ascii: "0") {
      p += 1
      if digits() { return .invalid }
    } else if !digits() {
      return .invalid
    }
    if p < end, p.pointee == UInt8(ascii: ".") {
      p += 1
      guard digits() else { return p == end ? .cut : .invalid }
    }
    if p < end, p.pointee | 0x20 == UInt8(ascii: "e") {
      p += 1
      if p < end, p.pointee == UInt8(ascii: "+") || p.pointee == UInt8(ascii: "-") { p += 1 }
      guard digits() else { return p == end ? .cut : .invalid }
    }
    return .closed
  }

  /// Reads (and writes, unless `Mode` only checks) `word` at `p`; `false` when
  /// the bytes hold something else (`valid` then false) or end inside it
  /// (`valid` false only when `final`).
  @inline(__always)
  private static func literal<Mode: JSONLayoutMode>(
    _: Mode.Type, _ word: StaticString, _ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>,
    _ out: inout UnsafeMutablePointer<UInt8>, final: Bool, valid: inout Bool
  ) -> Bool {
    let count = word.utf8CodeUnitCount
    let expected = word.utf8Start
    // Most literals lie whole in the bytes: their first four bytes compared (and copied) at once, then `false`'s `e`.
    if end - p >= count {
      let first = UnsafeRawPointer(p).loadUnaligned(as: UInt32.self)
      if first == UnsafeRawPointer(expected).loadUnaligned(as: UInt32.self), count == 4 || p[4] == expected[4] {
        if Mode.writes {
          UnsafeMutableRawPointer(out).storeBytes(of: first, as: UInt32.self)
          if count == 5 { out[4] = p[4] }
        }
        p += count
        out += count
        return true
      }
    }
    // Not whole, or not this word: the first byte that differs, or the end of the bytes, says which.
    var offset = 0
    while offset < count, end - p > offset, p[offset] == expected[offset] { offset += 1 }
    valid = end - p == offset && !final
    return false
  }
}

/// Whether a ``JSONLayoutEngine`` writes the layout or only reads the document:
/// each is its own specialization, so checking pays nothing for writing.
protocol JSONLayoutMode {
  static var writes: Bool { get }
}

/// Lays the document out.
enum JSONLayoutWriting: JSONLayoutMode {
  static var writes: Bool { true }
}

/// Only reads the document, writing nothing.
enum JSONLayoutChecking: JSONLayoutMode {
  static var writes: Bool { false }
}
