/// Reads one command line word by word, keeping the column for error messages.
struct LineCursor {
  let characters: [Character]
  private(set) var index = 0

  init(_ line: String) { characters = Array(line) }

  /// The column of the next character, from 1.
  var column: Int { index + 1 }

  var isAtEnd: Bool {
    var probe = index
    while probe < characters.count, characters[probe].isWhitespace { probe += 1 }
    return probe >= characters.count
  }

  mutating func skipSpaces() {
    while index < characters.count, characters[index].isWhitespace { index += 1 }
  }

  /// The next word (up to whitespace), or `nil` at the end of the line.
  mutating func word() -> String? {
    skipSpaces()
    let start = index
    while index < characters.count, !characters[index].isWhitespace { index += 1 }
    return index > start ? String(characters[start..<index]) : nil
  }

  /// The next word without consuming it; the empty string at the end.
  func peekWord() -> String {
    var copy = self
    return copy.word() ?? ""
  }

  /// The rest of the line, without surrounding whitespace.
  mutating func rest() -> String {
    skipSpaces()
    var end = characters.count
    while end > index, characters[end - 1].isWhitespace { end -= 1 }
    defer { index = characters.count }
    return String(characters[index..<end])
  }

  /// Reads up to (not including) `stop`, or to the end of the line.
  mutating func read(upTo stop: Character) -> String {
    let start = index
    while index < characters.count, characters[index] != stop { index += 1 }
    return String(characters[start..<index])
  }

  /// Consumes `character` when it is next.
  mutating func consume(_ character: Character) -> Bool {
    guard index < characters.count, characters[index] == character else { return false }
    index += 1
    return true
  }
}
