/// Splits a command line into words as bash does, for a pasted `curl ...` command.
///
/// Quoting is bash's: `'...'` literal, `"..."` with `\$ \` \" \\` and a
/// backslash-newline escaped, `$'...'` with ANSI-C escapes (what Chrome's
/// "Copy as cURL (bash)" writes for a body holding quotes or newlines), a
/// backslash outside quotes, and a backslash-newline between words joining
/// lines. Words are bytes: `$'\xff'` is a byte no UTF-8 text holds. Nothing
/// is expanded or run: a `$NAME`, a command substitution or an operator such as
/// `|` is an error that says so, rather than a word that means something else.
enum ShellWords {
  /// One word and where it starts.
  struct Word: Equatable {
    var bytes: [UInt8]
    /// The line it starts on, from 0 (a command continued with `\` spans several).
    var line: Int
    /// The column it starts at on that line, from 1, in Unicode scalars.
    var column: Int

    var text: String { String(decoding: bytes, as: UTF8.self) }
  }

  /// What a command line could not be split for.
  struct Problem: Error, Equatable {
    /// What was expected where the command went wrong, as a ``SessionError/expected(_:found:_:)`` says it.
    var expected: String
    var found: String?
    var line: Int
    var column: Int
    /// Whether the text ended inside a quote or after a continuing backslash: more lines would complete it.
    var isIncomplete = false
  }

  /// Whether `text` stops inside a quote or after a backslash that continues it on the next line.
  static func isIncomplete(_ text: String) -> Bool {
    do {
      _ = try split(text)
      return false
    } catch {
      return error.isIncomplete
    }
  }

  /// The words of `text`.
  /// - Throws: ``Problem`` for an unterminated quote, a trailing backslash, or what bash would expand or run.
  static func split(_ text: String) throws(Problem) -> [Word] {
    var scanner = Scanner(Array(text.utf8))
    return try scanner.words()
  }

  /// Walks the bytes of a command line, keeping the line and column.
  struct Scanner {
    let bytes: [UInt8]
    var index = 0
    var line = 0
    var lineStart = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var column: Int { position(of: index).column }

    /// The line and column of `offset`, which may lie on a line before the scanner's: an opening
    /// quote that was never closed is reported where it opened, lines later.
    func position(of offset: Int) -> (line: Int, column: Int) {
      var line = self.line
      var start = lineStart
      while offset < start, start > 0 {
        line -= 1
        // `start - 1` is the line feed that ended the line before.
        start = bytes[..<(start - 1)].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
      }
      return (line, bytes[start..<offset].reduce(1) { $0 + (UTF8.isContinuation($1) ? 0 : 1) })
    }

    func problem(_ expected: String, found: String?, at offset: Int? = nil) -> Problem {
      let (line, column) = position(of: offset ?? index)
      return Problem(expected: expected, found: found, line: line, column: column)
    }

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    func peek(_ ahead: Int) -> UInt8? { index + ahead < bytes.count ? bytes[index + ahead] : nil }

    mutating func advance() {
      if bytes[index] == UInt8(ascii: "\n") {
        line += 1
        lineStart = index + 1
      }
      index += 1
    }

    static func isBlank(_ byte: UInt8) -> Bool {
      byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
        || byte == UInt8(ascii: "\r")
    }

    mutating func words() throws(Problem) -> [Word] {
      var words: [Word] = []
      while true {
        while let byte = current {
          if Self.isBlank(byte) {
            advance()
          } else if byte == UInt8(ascii: "\\"), peek(1) == UInt8(ascii: "\n") {
            advance()
            advance()
          } else if byte == UInt8(ascii: "\\"), peek(1) == UInt8(ascii: "\r"), peek(2) == UInt8(ascii: "\n") {
            // A command copied on Windows ends its continued lines in CRLF.
            advance()
            advance()
            advance()
          } else {
            break
          }
        }
        guard let first = current else { return words }
        if first == UInt8(ascii: "#") {
          while let byte = current, byte != UInt8(ascii: "\n") { advance() }
          continue
        }
        let (startLine, startColumn) = (line, column)
        words.append(Word(bytes: try word(), line: startLine, column: startColumn))
      }
    }

    /// The word at the cursor, its quotes removed.
    mutating func word() throws(Problem) -> [UInt8] {
      var word: [UInt8] = []
      while let byte = current, !Self.isBlank(byte) {
        switch byte {
        case UInt8(ascii: "'"):
          let open = index
          advance()
          while current != UInt8(ascii: "'") {
            guard let inner = current else { throw incomplete("a closing ' for the quote", at: open) }
            word.append(inner)
            advance()
          }
          advance()
        case UInt8(ascii: "\""):
          try doubleQuoted(into: &word)
        case UInt8(ascii: "$") where peek(1) == UInt8(ascii: "'"):
          try ansiQuoted(into: &word)
        case UInt8(ascii: "$") where peek(1) == UInt8(ascii: "\""):
          // `$"..."` is translated by the locale in bash, which changes nothing here.
          advance()
          try doubleQuoted(into: &word)
        case UInt8(ascii: "$"):
          try refuseExpansion()
          word.append(byte)
          advance()
        case UInt8(ascii: "`"):
          throw substitution()
        case UInt8(ascii: "\\"):
          guard let next = peek(1) else { throw incomplete("a line after the backslash that continues the command") }
          advance()
          advance()
          if next != UInt8(ascii: "\n") { word.append(next) }
        case UInt8(ascii: "|"), UInt8(ascii: "&"), UInt8(ascii: ";"), UInt8(ascii: "<"), UInt8(ascii: ">"),
          UInt8(ascii: "("), UInt8(ascii: ")"):
          let shown = String(decoding: [byte], as: UTF8.self)
          throw problem("the curl command alone: gwsh runs no shell operators", found: shown)
        default:
          word.append(byte)
          advance()
        }
      }
      return word
    }

    /// `"..."`: `\` escapes only `$`, a backquote, `"`, `\` and a newline (which it removes).
    mutating func doubleQuoted(into word: inout [UInt8]) throws(Problem) {
      let open = index
      advance()
      while true {
        guard let byte = current else { throw incomplete("a closing \" for the quote", at: open) }
        switch byte {
        case UInt8(ascii: "\""):
          advance()
          return
        case UInt8(ascii: "\\"):
          guard let next = peek(1) else { throw incomplete("a closing \" for the quote", at: open) }
          if next == UInt8(ascii: "\n") {
            advance()
            advance()
          } else if next == UInt8(ascii: "$") || next == UInt8(ascii: "`") || next == UInt8(ascii: "\"")
            || next == UInt8(ascii: "\\")
          {
            advance()
            advance()
            word.append(next)
          } else {
            word.append(byte)
            advance()
          }
        case UInt8(ascii: "$"):
          try refuseExpansion()
          word.append(byte)
          advance()
        case UInt8(ascii: "`"):
          throw substitution()
        default:
          word.append(byte)
          advance()
        }
      }
    }

    /// A `$` that bash would expand (`$NAME`, `${...}`, `$(...)`, `$1`) is refused; any other `$` is itself.
    func refuseExpansion() throws(Problem) {
      guard let next = peek(1) else { return }
      let isName =
        next == UInt8(ascii: "_") || next &- UInt8(ascii: "a") < 26 || next &- UInt8(ascii: "A") < 26
        || next &- UInt8(ascii: "0") < 10
      if isName || next == UInt8(ascii: "{") || next == UInt8(ascii: "(") || next == UInt8(ascii: "?")
        || next == UInt8(ascii: "@") || next == UInt8(ascii: "*") || next == UInt8(ascii: "#")
        || next == UInt8(ascii: "$") || next == UInt8(ascii: "!")
      {
        let end = bytes[index...].firstIndex { Self.isBlank($0) } ?? bytes.count
        throw problem(
          "a value written out: gwsh expands no shell variables (quote a literal '$' with '...')",
          found: String(decoding: bytes[index..<end], as: UTF8.self))
      }
    }

    /// `$'...'`: bash's ANSI-C quoting.
    mutating func ansiQuoted(into word: inout [UInt8]) throws(Problem) {
      let open = index
      advance()
      advance()
      while true {
        guard let byte = current else { throw incomplete("a closing ' for the $'...' quote", at: open) }
        advance()
        if byte == UInt8(ascii: "'") { return }
        guard byte == UInt8(ascii: "\\") else {
          word.append(byte)
          continue
        }
        guard let escape = current else { throw incomplete("a closing ' for the $'...' quote", at: open) }
        advance()
        switch escape {
        case UInt8(ascii: "a"): word.append(0x07)
        case UInt8(ascii: "b"): word.append(0x08)
        case UInt8(ascii: "e"), UInt8(ascii: "E"): word.append(0x1B)
        case UInt8(ascii: "f"): word.append(0x0C)
        case UInt8(ascii: "n"): word.append(0x0A)
        case UInt8(ascii: "r"): word.append(0x0D)
        case UInt8(ascii: "t"): word.append(0x09)
        case UInt8(ascii: "v"): word.append(0x0B)
        case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "?"): word.append(escape)
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
          var value = Int(escape - UInt8(ascii: "0"))
          for _ in 0..<2 {
            guard let digit = current, digit &- UInt8(ascii: "0") < 8 else { break }
            value = value * 8 + Int(digit - UInt8(ascii: "0"))
            advance()
          }
          word.append(UInt8(truncatingIfNeeded: value))
        case UInt8(ascii: "x"):
          guard let value = hexDigits(upTo: 2) else {
            word += [UInt8(ascii: "\\"), escape]
            continue
          }
          word.append(UInt8(value))
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
          guard let value = hexDigits(upTo: escape == UInt8(ascii: "u") ? 4 : 8) else {
            word += [UInt8(ascii: "\\"), escape]
            continue
          }
          word += Array(String(Unicode.Scalar(UInt32(value)).map(Character.init) ?? "\u{FFFD}").utf8)
        case UInt8(ascii: "c"):
          guard let control = current else { throw incomplete("a closing ' for the $'...' quote", at: open) }
          advance()
          word.append(control & 0x1F)
        default:
          word += [UInt8(ascii: "\\"), escape]
        }
      }
    }

    /// Up to `count` hex digits at the cursor, or `nil` when there is none.
    mutating func hexDigits(upTo count: Int) -> Int? {
      var value = 0
      var digits = 0
      while digits < count, let byte = current, let digit = Self.hexValue(byte) {
        value = value * 16 + digit
        digits += 1
        advance()
      }
      return digits > 0 ? value : nil
    }

    static func hexValue(_ byte: UInt8) -> Int? {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(byte - UInt8(ascii: "a")) + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(byte - UInt8(ascii: "A")) + 10
      default: return nil
      }
    }

    /// The text ended where more was needed: at the prompt, the next line continues it.
    func substitution() -> Problem {
      problem("a value written out: gwsh runs no command substitutions (quote a literal '`' with '...')", found: "`")
    }

    func incomplete(_ what: String, at offset: Int? = nil) -> Problem {
      var problem = problem("\(what) before the end of the command", found: nil, at: offset)
      problem.isIncomplete = true
      return problem
    }
  }
}
