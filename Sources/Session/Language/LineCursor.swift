/// Reads one command line word by word, keeping the column for error messages.
///
/// The line is held as Unicode scalars: a session file is parsed line by line on
/// every replay, and scalars cost a fraction of grapheme-cluster `Character`s
/// while every separator the language knows (spaces, `:`, quotes) is one scalar.
struct LineCursor {
  let scalars: [Unicode.Scalar]
  private(set) var index = 0

  init(_ line: String) { scalars = Array(line.unicodeScalars) }

  /// The column of the next character, from 1.
  var column: Int { index + 1 }

  /// The next scalar, or `nil` at the end of the line.
  var next: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

  var isAtEnd: Bool {
    var probe = index
    while probe < scalars.count, scalars[probe].isSpace { probe += 1 }
    return probe >= scalars.count
  }

  mutating func skipSpaces() {
    while index < scalars.count, scalars[index].isSpace { index += 1 }
  }

  /// The next word (up to whitespace), or `nil` at the end of the line.
  mutating func word() -> String? {
    skipSpaces()
    let start = index
    while index < scalars.count, !scalars[index].isSpace { index += 1 }
    return index > start ? Self.text(scalars[start..<index]) : nil
  }

  /// The next word without consuming it; the empty string at the end.
  func peekWord() -> String {
    var copy = self
    return copy.word() ?? ""
  }

  /// The rest of the line, without surrounding whitespace.
  mutating func rest() -> String {
    skipSpaces()
    var end = scalars.count
    while end > index, scalars[end - 1].isSpace { end -= 1 }
    defer { index = scalars.count }
    return Self.text(scalars[index..<end])
  }

  /// Reads up to (not including) `stop`, or to the end of the line.
  mutating func read(upTo stop: Unicode.Scalar) -> String {
    let start = index
    while index < scalars.count, scalars[index] != stop { index += 1 }
    return Self.text(scalars[start..<index])
  }

  /// Consumes `scalar` when it is next.
  mutating func consume(_ scalar: Unicode.Scalar) -> Bool {
    guard next == scalar else { return false }
    index += 1
    return true
  }

  private static func text(_ slice: ArraySlice<Unicode.Scalar>) -> String {
    var result = String.UnicodeScalarView()
    result.append(contentsOf: slice)
    return String(result)
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
