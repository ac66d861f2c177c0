import Gateway

/// Decodes UTF-8 that may arrive in pieces (a streamed body), escaping as it goes.
///
/// A character split across two chunks is held back until its last byte comes,
/// so streaming shows the same text as rendering the whole body at once. The
/// output is built as UTF-8 bytes: runs of printable ASCII are found eight bytes
/// at a time and copied with one append, and valid characters past ASCII are
/// copied as they came, which keeps a body of many megabytes quick to show.
struct SafeDecoder {
  let multiline: Bool
  /// Whether backslashes are doubled where they could be read as an escape: for what an app sent.
  let fromApp: Bool
  /// The bytes copied as they are: printable ASCII, but a backslash from an app, and line feeds and tabs in a body.
  private let plain: ASCIISet
  /// The end of the last piece held back: a character cut in two, or a backslash whose next bytes decide.
  private var pending: [UInt8] = []
  private var output: [UInt8] = []
  private var pendingCR = false

  init(multiline: Bool, fromApp: Bool = true) {
    self.multiline = multiline
    self.fromApp = fromApp
    var plain = ASCIISet.printable
    if fromApp { plain.remove(UInt8(ascii: "\\")) }
    if multiline {
      plain.insert(0x0A)
      plain.insert(0x09)
    }
    self.plain = plain
  }

  /// Decodes `bytes`, keeping an incomplete trailing character (or a backslash
  /// whose next character decides how it shows) for the next call.
  mutating func feed(_ bytes: some Collection<UInt8>) {
    if pending.isEmpty, bytes.withContiguousStorageIfAvailable({ decodeHoldingRest($0, final: false) }) != nil {
      return
    }
    var held = pending
    pending = []
    held.append(contentsOf: bytes)
    held.withUnsafeBufferPointer { decodeHoldingRest($0, final: false) }
  }

  /// Decodes `bytes` in place.
  mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard pending.isEmpty else { return feed(Array(bytes)) }
    decodeHoldingRest(bytes, final: false)
  }

  /// Ends the stream: what is held back is decoded with nothing after it (an
  /// unfinished character is invalid), and returns the text decoded since the last call.
  mutating func finish() -> String {
    decodeHeldBack()
    return take()
  }

  /// Ends the stream as ``finish()`` does, appending the text decoded since the last call to `out`.
  mutating func finish(to out: inout TextBuffer) {
    decodeHeldBack()
    output.withUnsafeBufferPointer { out.append($0) }
    output.removeAll(keepingCapacity: true)
  }

  /// Decodes what is held back with nothing after it, and a carriage return held back as itself.
  private mutating func decodeHeldBack() {
    let held = pending
    pending = []
    held.withUnsafeBufferPointer { decodeHoldingRest($0, final: true) }
    flushCR(followedByLineFeed: false)
  }

  /// The text decoded since the last call, without ending the stream.
  mutating func take() -> String {
    defer { output.removeAll(keepingCapacity: true) }
    return String(decoding: output, as: UTF8.self)
  }

  /// How many bytes of text are waiting for ``take()``.
  var decodedCount: Int { output.count }

  private mutating func decodeHoldingRest(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool) {
    let used = decode(bytes, final: final)
    if used < bytes.count { pending = Array(bytes[used...]) }
  }

  /// Decodes what it can of `bytes` and returns how many it used; the rest waits for more.
  private mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool) -> Int {
    guard let base = bytes.baseAddress else { return 0 }
    let count = bytes.count
    output.reserveCapacity(output.count + count)
    var index = 0
    while index < count {
      if !pendingCR {
        let start = index
        index = plainRunEnd(base, from: index, count: count)
        if index > start { output.append(contentsOf: UnsafeBufferPointer(start: base + start, count: index - start)) }
        if index == count { break }
      }
      let byte = base[index]
      if byte >= 0x20, byte < 0x7F {
        // A printable byte after a held CR, or an app's backslash.
        if pendingCR { flushCR(followedByLineFeed: false) }
        if byte == UInt8(ascii: "\\"), fromApp {
          // What follows decides; at the end of a chunk it has not come yet.
          guard final || index + 2 < count else { break }
          output.append(byte)
          if backslashIsDoubled(bytes, at: index) { output.append(byte) }
        } else {
          output.append(byte)
        }
        index += 1
        continue
      }
      let length = Self.sequenceLength(byte)
      if length == 0 {
        emitInvalid(byte)
        index += 1
        continue
      }
      if index + length > count {
        // Possibly a character cut by a chunk boundary: wait, unless the bytes so far are already wrong.
        if !final, bytes[(index + 1)...].allSatisfy({ $0 & 0xC0 == 0x80 }) { break }
        emitInvalid(byte)
        index += 1
        continue
      }
      if let scalar = Self.scalar(base + index, length: length) {
        emit(scalar, bytes: UnsafeBufferPointer(start: base + index, count: length))
        index += length
      } else {
        emitInvalid(byte)
        index += 1
      }
    }
    return index
  }

  /// How many bytes at the start of `bytes` a decoder that has decoded nothing yet copies as they
  /// are: a caller with a buffer of its own may copy them itself and feed only the rest.
  func plainPrefixCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    guard let base = bytes.baseAddress else { return 0 }
    return plainRunEnd(base, from: 0, count: bytes.count)
  }

  /// Where the run of bytes copied as they are, from `start`, ends: eight bytes
  /// at a time while they are all printable (nearly all of a text), and straight
  /// to the first that is not, which may still be plain (a line feed).
  @inline(__always)
  private func plainRunEnd(_ base: UnsafePointer<UInt8>, from start: Int, count: Int) -> Int {
    var index = start
    while index + 8 <= count {
      let word = ByteLanes.word(at: base + index)
      // A backslash from an app is looked at: what follows it decides how it shows.
      let special =
        fromApp
        ? ByteLanes.unprintable(word) | ByteLanes.equal(word, to: UInt8(ascii: "\\")) : ByteLanes.unprintable(word)
      if special == 0 {
        index += 8
        continue
      }
      index += special.trailingZeroBitCount >> 3
      guard plain.contains(base[index]) else { return index }
      index += 1
    }
    while index < count, plain.contains(base[index]) { index += 1 }
    return index
  }

  /// Whether the backslash at `index` is doubled, by the bytes after it. A
  /// byte of 0x80 or more starts an escape or a character that is not ASCII,
  /// both of which double it.
  private func backslashIsDoubled(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
    func scalar(_ offset: Int) -> Unicode.Scalar? {
      guard index + offset < bytes.count else { return nil }
      let byte = bytes[index + offset]
      return byte < 0x80 ? Unicode.Scalar(byte) : "\u{80}"
    }
    return VisibleText.backslashIsDoubled(before: scalar(1), then: scalar(2), keepingLineBreaks: multiline)
  }

  private mutating func emit(_ scalar: Unicode.Scalar, bytes: UnsafeBufferPointer<UInt8>) {
    if multiline {
      if scalar == "\r" {
        flushCR(followedByLineFeed: false)
        pendingCR = true
        return
      }
      flushCR(followedByLineFeed: scalar == "\n")
      if scalar == "\n" || scalar == "\t" {
        output.append(contentsOf: bytes)
        return
      }
    }
    flushCR(followedByLineFeed: false)
    if VisibleText.isSafe(scalar) {
      output.append(contentsOf: bytes)
    } else {
      output.append(contentsOf: VisibleText.escaped(scalar).utf8)
    }
  }

  /// A CR followed by LF ends a line as the LF would; a bare CR would overwrite the line, so it is shown.
  private mutating func flushCR(followedByLineFeed: Bool) {
    guard pendingCR else { return }
    pendingCR = false
    if !followedByLineFeed {
      output.append(UInt8(ascii: "\\"))
      output.append(UInt8(ascii: "r"))
    }
  }

  private mutating func emitInvalid(_ byte: UInt8) {
    flushCR(followedByLineFeed: false)
    output.append(UInt8(ascii: "\\"))
    output.append(UInt8(ascii: "x"))
    output.append(Self.hexDigits[Int(byte >> 4)])
    output.append(Self.hexDigits[Int(byte & 0x0F)])
  }

  private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

  /// The length of the UTF-8 sequence `lead` starts, or 0 when it cannot start one.
  static func sequenceLength(_ lead: UInt8) -> Int {
    switch lead {
    case 0x00...0x7F: return 1
    case 0xC2...0xDF: return 2
    case 0xE0...0xEF: return 3
    case 0xF0...0xF4: return 4
    default: return 0
    }
  }

  /// The scalar the `length` bytes at `start` encode, or `nil` when they are not
  /// valid UTF-8 (a byte that does not continue it, an overlong form, a surrogate,
  /// past U+10FFFF). `length` is ``sequenceLength(_:)`` of the first byte.
  @inline(__always)
  static func scalar(_ start: UnsafePointer<UInt8>, length: Int) -> Unicode.Scalar? {
    let lead = UInt32(start[0])
    if length == 1 { return Unicode.Scalar(UInt8(lead)) }
    // The second byte's range rules out overlong forms, surrogates and values past U+10FFFF.
    let second = start[1]
    let low: UInt8 =
      switch lead {
      case 0xE0: 0xA0
      case 0xF0: 0x90
      default: 0x80
      }
    let high: UInt8 =
      switch lead {
      case 0xED: 0x9F
      case 0xF4: 0x8F
      default: 0xBF
      }
    guard second >= low, second <= high else { return nil }
    var value = (lead & 0x7F >> UInt32(length)) << 6 | UInt32(second & 0x3F)
    for offset in 2..<length {
      let byte = start[offset]
      guard byte & 0xC0 == 0x80 else { return nil }
      value = value << 6 | UInt32(byte & 0x3F)
    }
    return Unicode.Scalar(value)
  }
}

/// A set of ASCII bytes, tested with a shift and a mask.
struct ASCIISet {
  private var low: UInt64 = 0
  private var high: UInt64 = 0

  /// Printable ASCII, 0x20 to 0x7E: made once, as every decoder starts from it.
  static let printable = ASCIISet(0x20...0x7E)

  init(_ range: ClosedRange<UInt8>) {
    for byte in range { insert(byte) }
  }

  mutating func insert(_ byte: UInt8) {
    if byte < 64 { low |= 1 << UInt64(byte) } else if byte < 128 { high |= 1 << UInt64(byte - 64) }
  }

  mutating func remove(_ byte: UInt8) {
    if byte < 64 { low &= ~(1 << UInt64(byte)) } else if byte < 128 { high &= ~(1 << UInt64(byte - 64)) }
  }

  @inline(__always)
  func contains(_ byte: UInt8) -> Bool {
    byte < 64 ? low >> UInt64(byte) & 1 != 0 : byte < 128 && high >> UInt64(byte &- 64) & 1 != 0
  }
}
