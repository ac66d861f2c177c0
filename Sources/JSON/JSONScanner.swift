/// The reader of JSON's grammar (RFC 8259) that ``JSONValue`` parses with: it
/// walks UTF-8 bytes and hands out tokens, checking the structure as it goes,
/// with one nesting limit. ``JSONLayoutEngine`` reads the same grammar without
/// tokens, for speed on large bodies, and accepts and refuses exactly the same
/// documents (the tests and the `json` fuzz target check that the two agree).
///
/// Strings and numbers are handed out as ranges of the bytes, as written;
/// escapes are checked here and decoded only by whoever needs the text.
struct JSONScanner {
  /// How deep arrays and objects may nest. Reading is recursive, and no API
  /// sends anything near this deep: past it a body is shown as text.
  static let maximumDepth = 512

  enum Token: Equatable {
    case objectStart
    case objectEnd
    case arrayStart
    case arrayEnd
    /// A member name with its quotes; the `:` after it has been read too.
    case name(Range<Int>, escaped: Bool)
    /// A string with its quotes; `escaped` when it holds a backslash.
    case string(Range<Int>, escaped: Bool)
    case number(Range<Int>)
    case `true`
    case `false`
    case null
  }

  /// Why the bytes are not JSON; ``JSONScanner/position`` is where.
  struct Failure: Error {
    /// What was expected there, in words.
    var message: String
  }

  /// The document; the scanner is used only inside the `withUnsafeBufferPointer` that lends it.
  let bytes: UnsafeBufferPointer<UInt8>
  /// Where reading stopped: after the last token, or at the byte that failed.
  private(set) var position = 0
  /// The open containers.
  private var containers = Nesting()
  /// Whether the innermost open container is an object: read at every comma, kept apart from `containers`.
  private var inObject = false
  private var expecting = Expecting.value

  private enum Expecting {
    /// A value: the document's, or a member's after its name, or an element after `,`.
    case value
    /// Right after `[`: an element or `]`.
    case elementOrEnd
    /// Right after `{`: a name or `}`.
    case nameOrEnd
    /// After `,` in an object.
    case name
    /// After a value inside a container.
    case commaOrEnd
    /// After the document's value: only whitespace.
    case end
  }

  init(_ bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
  }

  /// The bytes of a token's range, for copying them out.
  func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[range]) }

  /// The next token, or `nil` after the document's value and its trailing whitespace.
  @inline(__always)
  mutating func next() throws(Failure) -> Token? {
    skipSpace()
    switch expecting {
    case .end:
      guard position == bytes.count else { throw invalid("expected the end of the document") }
      return nil
    case .commaOrEnd:
      let object = inObject
      let close = object ? UInt8(ascii: "}") : UInt8(ascii: "]")
      guard position < bytes.count else { throw invalid("expected ',' or '\(object ? "}" : "]")'") }
      if bytes[position] == close { return closeContainer() }
      guard bytes[position] == UInt8(ascii: ",") else { throw invalid("expected ',' or '\(object ? "}" : "]")'") }
      position += 1
      skipSpace()
      if object { return try name() }
      return try value()
    case .nameOrEnd:
      if position < bytes.count, bytes[position] == UInt8(ascii: "}") { return closeContainer() }
      return try name()
    case .name:
      return try name()
    case .elementOrEnd:
      if position < bytes.count, bytes[position] == UInt8(ascii: "]") { return closeContainer() }
      return try value()
    case .value:
      return try value()
    }
  }

  @inline(__always)
  private mutating func closeContainer() -> Token {
    position += 1
    let object = containers.pop()
    inObject = containers.innermostIsObject
    afterValue()
    return object ? .objectEnd : .arrayEnd
  }

  private mutating func afterValue() {
    expecting = containers.depth == 0 ? .end : .commaOrEnd
  }

  private func invalid(_ message: String) -> Failure {
    Failure(message: message)
  }

  /// Skips whitespace; most tokens have none before them, which costs one look.
  @inline(__always)
  private mutating func skipSpace() {
    if position < bytes.count, bytes[position] <= 0x20 { skipSpaceFound() }
  }

  @inline(never)
  private mutating func skipSpaceFound() {
    while position < bytes.count {
      switch bytes[position] {
      case 0x20, 0x0A, 0x0D, 0x09: position += 1
      default: return
      }
    }
  }

  /// A member name and the `:` after it.
  @inline(__always)
  private mutating func name() throws(Failure) -> Token {
    guard position < bytes.count else { throw invalid("expected a member name in double quotes") }
    guard bytes[position] == UInt8(ascii: "\"") else { throw invalid("expected a member name in double quotes") }
    let (range, escaped) = try string()
    skipSpace()
    guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
      throw invalid("expected ':' after the member name")
    }
    position += 1
    expecting = .value
    return .name(range, escaped: escaped)
  }

  @inline(__always)
  private mutating func value() throws(Failure) -> Token {
    guard position < bytes.count else { throw invalid("expected a value") }
    switch bytes[position] {
    case UInt8(ascii: "{"), UInt8(ascii: "["):
      guard containers.depth < Self.maximumDepth else {
        throw invalid("nesting deeper than \(Self.maximumDepth) levels")
      }
      let object = bytes[position] == UInt8(ascii: "{")
      position += 1
      containers.push(object: object)
      inObject = object
      expecting = object ? .nameOrEnd : .elementOrEnd
      return object ? .objectStart : .arrayStart
    case UInt8(ascii: "\""):
      let (range, escaped) = try string()
      afterValue()
      return .string(range, escaped: escaped)
    case UInt8(ascii: "t"):
      try literal("true")
      return .true
    case UInt8(ascii: "f"):
      try literal("false")
      return .false
    case UInt8(ascii: "n"):
      try literal("null")
      return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      let start = position
      try number()
      afterValue()
      return .number(start..<position)
    default:
      throw invalid("expected a value (an object, array, string, number, true, false or null)")
    }
  }

  private mutating func literal(_ word: StaticString) throws(Failure) {
    let count = word.utf8CodeUnitCount
    // Most literals lie whole in the bytes: their first four bytes compared at once, then `false`'s `e`.
    if position &+ count <= bytes.count {
      let start = UnsafeRawPointer(bytes.baseAddress! + position)
      let expected = UnsafeRawPointer(word.utf8Start)
      if start.loadUnaligned(as: UInt32.self) == expected.loadUnaligned(as: UInt32.self),
        count == 4 || start.load(fromByteOffset: 4, as: UInt8.self) == expected.load(fromByteOffset: 4, as: UInt8.self)
      {
        position &+= count
        afterValue()
        return
      }
    }
    for offset in 0..<count {
      guard position + offset < bytes.count else { throw invalid("expected '\(word)'") }
      guard bytes[position + offset] == word.utf8Start[offset] else { throw invalid("expected '\(word)'") }
    }
    position += count
    afterValue()
  }

  @inline(__always)
  private mutating func digits() -> Int {
    let start = position
    while position < bytes.count, bytes[position] &- UInt8(ascii: "0") < 10 { position &+= 1 }
    return position - start
  }

  @inline(__always)
  private mutating func number() throws(Failure) {
    if bytes[position] == UInt8(ascii: "-") { position += 1 }
    guard position < bytes.count else { throw invalid("expected a digit") }
    if bytes[position] == UInt8(ascii: "0") {
      position += 1
      if digits() > 0 { throw invalid("expected no digits after a leading zero") }
    } else if digits() == 0 {
      throw invalid("expected a digit")
    }
    if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
      position += 1
      guard digits() > 0 else { throw invalid("expected a digit after '.'") }
    }
    if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
      position += 1
      if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
        position += 1
      }
      guard digits() > 0 else { throw invalid("expected a digit in the exponent") }
    }
  }

  /// A string from its opening quote; its range includes both quotes.
  @inline(__always)
  private mutating func string() throws(Failure) -> (Range<Int>, escaped: Bool) {
    let start = position
    position += 1
    var escaped = false
    while position < bytes.count {
      // Most of a string is none of `"`, `\` or a control: step over it eight bytes at a time, and
      // straight to the first byte that is one.
      if position &+ 8 <= bytes.count {
        let special = Self.specialInString(
          UnsafeRawPointer(bytes.baseAddress! + position).loadUnaligned(as: UInt64.self))
        if special == 0 {
          position &+= 8
          continue
        }
        position &+= special.trailingZeroBitCount &>> 3
      } else if bytes[position] >= 0x20, bytes[position] != UInt8(ascii: "\""),
        bytes[position] != UInt8(ascii: "\\")
      {
        position += 1
        continue
      }
      let byte = bytes[position]
      if byte == UInt8(ascii: "\"") {
        position &+= 1
        return (start..<position, escaped)
      }
      guard byte == UInt8(ascii: "\\") else { throw invalid("expected a control character in a string to be escaped") }
      escaped = true
      try escape()
    }
    throw invalid("expected '\"' to close the string")
  }

  /// The top bit of each of the eight bytes of `word` (read little-endian) that ends a string,
  /// starts an escape or is a control; exact for the first such byte, which is all that is read.
  @inline(__always)
  static func specialInString(_ word: UInt64) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let high: UInt64 = 0x8080_8080_8080_8080
    // Xoring 0x02 maps `"` to 0x20 and the controls onto themselves, and no other byte below 0x21:
    // one subtraction finds both, as a borrow from the byte's top bit. Xoring `\` away leaves it
    // zero, which borrows when one is subtracted. Neither xor touches the top bit, so a byte of
    // 0x80 or more (which would set it without a borrow) is masked out by `~word`. A borrow only
    // reaches the bytes after the first one found.
    let quotesAndControls = (word ^ 0x0202_0202_0202_0202) &- 0x2121_2121_2121_2121
    let backslashes = (word ^ 0x5C5C_5C5C_5C5C_5C5C) &- ones
    return (quotesAndControls | backslashes) & ~word & high
  }

  /// Checks one escape from its backslash.
  private mutating func escape() throws(Failure) {
    position += 1
    guard position < bytes.count else { throw invalid("expected an escape after '\\'") }
    switch bytes[position] {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
      UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
      position += 1
    case UInt8(ascii: "u"):
      position += 1
      for _ in 0..<4 {
        guard position < bytes.count else { throw invalid("expected four hex digits after \\u") }
        guard Self.hexValue(bytes[position]) != nil else { throw invalid("expected four hex digits after \\u") }
        position += 1
      }
    default:
      throw invalid("expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX")
    }
  }

  static func hexValue(_ byte: UInt8) -> UInt32? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
    default: return nil
    }
  }
}

/// The containers open at a point of a document, innermost last, each an object or an array: a
/// bit each for the first 64 levels, which is all most documents have, and a list past them.
struct Nesting {
  /// How many are open.
  private(set) var depth = 0
  /// Bit `n` is set when the container at level `n` (from 0) is an object.
  private var levels: UInt64 = 0
  /// Whether each container past the first 64 is an object.
  private var deeper: [Bool] = []

  @inline(__always)
  mutating func push(object: Bool) {
    if depth < 64 {
      let bit: UInt64 = 1 << UInt64(depth)
      levels = object ? levels | bit : levels & ~bit
    } else {
      deeper.append(object)
    }
    depth += 1
  }

  /// Closes the innermost container; whether it was an object.
  @inline(__always)
  mutating func pop() -> Bool {
    depth -= 1
    if depth < 64 { return levels >> UInt64(depth) & 1 != 0 }
    return deeper.removeLast()
  }

  /// Whether the innermost open container is an object (false when none is open).
  @inline(__always)
  var innermostIsObject: Bool {
    guard depth > 0 else { return false }
    if depth <= 64 { return levels >> UInt64(depth - 1) & 1 != 0 }
    return deeper[deeper.count - 1]
  }
}
