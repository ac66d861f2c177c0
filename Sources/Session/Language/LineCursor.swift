/// Reads one command line word by word, keeping the column for error messages.
///
/// The line is held as UTF-8 bytes: a session file is parsed line by line on
/// every replay, and every separator the language knows (spaces, `:`, quotes)
/// is one ASCII byte, so words are found without decoding. Only a non-ASCII
/// byte is decoded, to ask whether its scalar is whitespace; columns count
/// Unicode scalars, and are only counted for a location or an error.
///
/// A file's lines are read in place, as a range of the whole file's bytes:
/// copying each line into an array of its own cost more than reading it.
struct LineCursor {
  let bytes: [UInt8]
  /// Where the line starts in `bytes`.
  let start: Int
  /// Where the line ends in `bytes` (its `\n`, or the end of the text).
  let end: Int
  private(set) var index: Int

  init(_ line: String) { self.init(Array(line.utf8), line: 0..<line.utf8.count) }

  /// A cursor at the start of one line of a text's bytes; the range must hold whole scalars.
  init(_ bytes: [UInt8], line: Range<Int>) {
    self.bytes = bytes
    start = line.lowerBound
    end = line.upperBound
    index = line.lowerBound
  }

  /// The column of the next character, from 1: the scalars before it, plus one.
  var column: Int {
    var scalars = 1
    for byte in bytes[start..<index] where !UTF8.isContinuation(byte) { scalars += 1 }
    return scalars
  }

  /// The next scalar, or `nil` at the end of the line.
  var next: Unicode.Scalar? { index < end ? scalar(at: index).scalar : nil }

  var isAtEnd: Bool { spaces(from: index) >= end }

  // The word readers below are inlined into their callers: a replay reads five words a request,
  // and the calls between these small functions cost more than the bytes they read.
  @inline(__always)
  mutating func skipSpaces() { index = spaces(from: index) }

  /// The next word (up to whitespace), or `nil` at the end of the line.
  mutating func word() -> String? {
    wordRange().map(text)
  }

  /// Where the next word is in `bytes`, or `nil` at the end of the line: a word
  /// compared with a keyword (``matches(_:_:)``) needs no `String` of its own.
  @inline(__always)
  mutating func wordRange() -> Range<Int>? {
    skipSpaces()
    let first = index
    while index < end {
      // Printable ASCII, nearly every byte of a session, is part of a word without decoding.
      if bytes[index] &- 0x21 < 0x5E {
        index += 1
      } else if spaceLength(at: index) == 0 {
        index += scalar(at: index).length
      } else {
        break
      }
    }
    return index > first ? first..<index : nil
  }

  /// Where the next word is, moving past it; with no word left the cursor stays where it was.
  @inline(__always)
  mutating func takeWord() -> Range<Int>? {
    let before = index
    guard let range = wordRange() else {
      index = before
      return nil
    }
    return range
  }

  /// Whether the bytes in `range` spell `keyword` (ASCII).
  func matches(_ range: Range<Int>, _ keyword: StaticString) -> Bool {
    guard range.count == keyword.utf8CodeUnitCount else { return false }
    return keyword.withUTF8Buffer { keywordBytes in
      var offset = range.lowerBound
      for byte in keywordBytes {
        if bytes[offset] != byte { return false }
        offset += 1
      }
      return true
    }
  }

  /// The next word without consuming it; the empty string at the end.
  func peekWord() -> String {
    var copy = self
    return copy.word() ?? ""
  }

  /// The rest of the line, without surrounding whitespace.
  mutating func rest() -> String {
    skipSpaces()
    var last = index
    var probe = index
    while probe < end {
      let space = spaceLength(at: probe)
      probe += space > 0 ? space : scalar(at: probe).length
      if space == 0 { last = probe }
    }
    defer { index = end }
    // Most lines have nothing left (`expect status 200` has no reason): no string to decode.
    return last > index ? text(index..<last) : ""
  }

  /// Reads up to (not including) `stop`, or to the end of the line.
  mutating func read(upTo stop: Unicode.Scalar) -> String {
    let first = index
    while index < end {
      let (scalar, length) = scalar(at: index)
      if scalar == stop { break }
      index += length
    }
    return text(first..<index)
  }

  /// Consumes `scalar` when it is next.
  mutating func consume(_ scalar: Unicode.Scalar) -> Bool {
    guard index < end else { return false }
    let (next, length) = self.scalar(at: index)
    guard next == scalar else { return false }
    index += length
    return true
  }

  @inline(__always)
  private func spaces(from offset: Int) -> Int {
    var probe = offset
    while probe < end {
      let length = spaceLength(at: probe)
      if length == 0 { break }
      probe += length
    }
    return probe
  }

  /// The length in bytes of the whitespace scalar at `offset`, or 0 when it is not whitespace.
  @inline(__always)
  private func spaceLength(at offset: Int) -> Int {
    switch bytes[offset] {
    case 0x20, 0x09: return 1
    case 0x21...0x7E: return 0
    default:
      let (scalar, length) = scalar(at: offset)
      return scalar.isSpace ? length : 0
    }
  }

  /// The scalar that starts at `offset`, and its length in bytes (the line is valid UTF-8: it came from a `String`).
  private func scalar(at offset: Int) -> (scalar: Unicode.Scalar, length: Int) {
    let lead = bytes[offset]
    if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
    let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
    var value = UInt32(lead) & (0xFF >> (length + 1))
    for byte in bytes[(offset + 1)..<(offset + length)] { value = value << 6 | UInt32(byte & 0x3F) }
    return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
  }

  /// The text of a range of the line.
  func text(_ range: Range<Int>) -> String {
    String(decoding: bytes[range], as: UTF8.self)
  }
}

extension Unicode.Scalar {
  /// Whether the scalar separates words, as `Character.isWhitespace` says of it.
  var isSpace: Bool {
    switch value {
    case 0x20, 0x09: return true
    case 0x21...0x7E: return false
    default: return properties.isWhitespace
    }
  }
}

extension LineCursor {
  /// The next JSONPath: a word in which whitespace inside brackets, parentheses
  /// or quotes does not end it, so `$[?@.qty > 1]` and `$['a b']` are one path.
  mutating func takeJSONPath() -> Range<Int>? {
    skipSpaces()
    let first = index
    var depth = 0
    var quote: UInt8?
    while index < end {
      let byte = bytes[index]
      if let open = quote {
        if byte == UInt8(ascii: "\\") {
          index = min(index + 2, end)
          continue
        }
        if byte == open { quote = nil }
      } else {
        switch byte {
        case UInt8(ascii: "'"), UInt8(ascii: "\""): quote = byte
        case UInt8(ascii: "["), UInt8(ascii: "("): depth += 1
        case UInt8(ascii: "]"), UInt8(ascii: ")"): depth = max(depth - 1, 0)
        default: if depth == 0, spaceLength(at: index) > 0 { return first..<index }
        }
      }
      index += byte < 0x80 ? 1 : scalar(at: index).length
    }
    return index > first ? first..<index : nil
  }
}
