import Gateway
import JSON
import Platform

/// Parses the session language: the same lines typed at the prompt or read from a file.
///
/// A whole text is parsed before anything runs, so a file with one bad line
/// runs nothing at all. Variables are kept as written and expanded when a
/// statement runs; regular expressions, JSONPaths, JSON literals and file
/// references are checked here.
public enum SessionParser {
  /// The command words, for completion and for "did you mean" suggestions.
  public static let commandNames = [
    "load", "use", "set", "unset", "header", "unheader", "body", "send", "expect", "capture", "show", "reset",
    "save", "help", "let", "source", "ignore", "redact", "cookies", "follow", "quit", "curl", "form", "auth",
    "reload", "repeat", "debug", "profile",
  ]

  /// Parses session text.
  /// - Parameters:
  ///   - text: One or more lines.
  ///   - file: The name errors and locations use (`<prompt>` for typed input).
  ///   - directory: What `@path` and `source` are relative to; `nil` for the working directory.
  /// - Returns: The statements, in order.
  /// - Throws: ``SessionError`` for the first line that does not parse.
  public static func parse(
    _ text: String, file: String = "<prompt>", directory: String? = nil
  ) throws(SessionError) -> [Statement] {
    var parser = Parser(file: file, directory: directory, bytes: Array(text.utf8), sourcing: [])
    return try parser.parseAll()
  }

  /// Reads and parses a session file.
  /// - Parameter path: The file; `@path` and `source` inside it are relative to its folder.
  /// - Returns: The statements, with sourced files included.
  /// - Throws: ``SessionError`` when the file cannot be read or a line does not parse.
  public static func parseFile(_ path: String) throws(SessionError) -> [Statement] {
    var parser = try parser(
      forFile: path, sourcing: [], from: SourceLine(SourceLocation(file: path, line: 0), line: ""))
    return try parser.parseAll()
  }

  static func parseFile(
    _ path: String, sourcing: [String], from context: SourceLine
  ) throws(SessionError) -> [Statement] {
    var parser = try parser(forFile: path, sourcing: sourcing, from: context)
    return try parser.parseAll()
  }

  /// A parser over a session file's text, checked to be readable, bounded, UTF-8 and not already being sourced.
  static func parser(
    forFile path: String, sourcing: [String], from context: SourceLine
  ) throws(SessionError) -> Parser {
    // Each `source` is parsed inside the one that names it: a chain without end would exhaust the stack.
    guard sourcing.count < maxSourceDepth else {
      throw .expected("at most \(maxSourceDepth) files sourced one inside another", found: nil, context)
    }
    guard let (bytes, cut) = FileIO.read(path, limit: maxFileSize) else { throw .missingFile(path, context) }
    // A file without end (`source /dev/zero`) would be read until memory ran out.
    guard !cut else {
      throw .expected("a session file of at most \(maxFileSize >> 20) MiB", found: path, context)
    }
    // Bytes that are not UTF-8 would become U+FFFD, and a body or header would silently change.
    // Checked without making a String of it: the parser reads the bytes, and a copy of a large file is a large cost.
    let valid = Self.validUTF8Count(bytes)
    guard valid == bytes.count else { throw invalidUTF8(bytes, valid: valid, file: path) }
    // The file's real path (links and '..' resolved) tells a cycle however its `source` lines spell it.
    let real =
      FileSystem.canonicalPath(path) ?? path
    if sourcing.contains(real) { throw .sourceCycle(path, context) }
    let directory = FileIO.folder(of: path)
    return Parser(file: path, directory: directory, bytes: bytes, sourcing: sourcing + [real])
  }

  /// How many files may be sourced one inside another.
  static let maxSourceDepth = 64
  /// How large a session file may be: far past any written by hand or saved (a 30 MB line parses),
  /// and a bound on what a file without end costs.
  static let maxFileSize = 256 << 20

  /// How many of `bytes`, from the first, are whole UTF-8 characters: all of them when they are UTF-8 throughout.
  static func validUTF8Count(_ bytes: [UInt8]) -> Int {
    // A session file is nearly all ASCII: eight bytes are checked at a step up to the first that is not.
    var valid = bytes.withUnsafeBytes { raw in
      var offset = 0
      while offset + 8 <= raw.count,
        raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
      {
        offset += 8
      }
      return offset
    }
    var iterator = bytes[valid...].makeIterator()
    var decoder = UTF8()
    while case .scalarValue(let scalar) = decoder.decode(&iterator) { valid += UTF8.width(scalar) }
    return valid
  }

  /// The error for a file that is not UTF-8, at its first byte that is not (after `valid` bytes that are).
  static func invalidUTF8(_ bytes: [UInt8], valid: Int, file: String) -> SessionError {
    let lineStart = bytes[..<valid].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
    let lineEnd = bytes[valid...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
    let line = bytes[..<valid].count(where: { $0 == UInt8(ascii: "\n") }) + 1
    let column = bytes[lineStart..<valid].count(where: { !UTF8.isContinuation($0) }) + 1
    let found = "\\x" + String(bytes[valid], radix: 16, uppercase: true)
    return .expected(
      "UTF-8 text (a body that is not text is written 'body base64 <<END')", found: found,
      SourceLine(
        SourceLocation(file: file, line: line, column: column),
        line: String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self)))
  }

  /// The terminator a line opens a here-document with (`body <<END` gives `END`), so
  /// a prompt knows to read more lines before parsing; `nil` when it opens none.
  /// - Parameter line: A command line.
  public static func hereDocumentTerminator(in line: String) -> String? {
    hereDocument(in: line)?.terminator
  }

  /// The here-document a line opens: its terminator, and whether it is quoted (`<<'END'` keeps `{{` literal).
  static func hereDocument(in line: String) -> (terminator: String, quoted: Bool)? {
    // Nearly every line opens none: say so without splitting it into words.
    guard line.containsDoubled("<") else { return nil }
    let words = line.split(whereSeparator: \.isWhitespace)
    // Only the commands that take a here-document open one, so `header X: <<END` stays a plain value.
    // A request line opens one for a body of its own (`POST /items <<END`, `POST /items base64 <<END`).
    guard let first = words.first, let last = words.last, words.count >= 2, last.hasPrefix("<<"),
      first == "body" || (first == "expect" && words.count >= 3 && (words[1] == "body" || words[1] == "errors"))
        || (CommandParser.isMethod(first.utf8)
          && (words.count == 3 || words.count == 4 && (words[2] == "base64" || words[2] == "chomp")))
    else { return nil }
    var word = last.dropFirst(2)
    var quoted = false
    if word.count >= 2, word.first == "'", word.last == "'" {
      word = word.dropFirst().dropLast()
      quoted = true
    }
    guard let head = word.first, head.isLetter || head == "_",
      word.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
    else { return nil }
    return (String(word), quoted)
  }

  /// Splits text into lines at `\n` only, so a `\r` stays part of a here-document line.
  static func lines(of text: String) -> [String] {
    var lines = text.splitAtLineFeeds()
    if lines.last == "" { lines.removeLast() }
    return lines
  }

  /// The nearest command word to a mistyped one, when it is close enough to be a likely typo.
  static func suggestion(for word: String) -> String? { suggestion(for: word, among: commandNames) }

  /// The nearest of `names` to a mistyped word (a sub-command, an operator), when it is close enough to be a likely typo.
  static func suggestion(for word: String, among names: [String]) -> String? {
    // No longer word is close enough to a name, and comparing a long one costs its length times each name's.
    guard word.utf8.count <= 16 else { return nil }
    let lowered = word.lowercased()
    let scored = names.map { ($0, lowered.editDistance(to: $0)) }.min { $0.1 < $1.1 }
    guard let (name, distance) = scored, distance <= max(1, name.count / 3) else { return nil }
    return name
  }
}

/// The state of one parse: the bytes of one text and where in them.
///
/// Lines are found on the text's bytes as the parse goes: splitting a whole
/// file into `String` lines first cost an allocation for most of them.
struct Parser {
  let file: String
  let directory: String?
  /// The text's UTF-8; each line is a range of it.
  let bytes: [UInt8]
  let sourcing: [String]
  /// Where the next line starts.
  var offset = 0
  /// The number of the last line read, from 1.
  var lineNumber = 0
  /// The request and expect lines parsed last, to parse a repeated one only once.
  var recent = RecentLines()
  /// Where each line came from, when the text is a conversion of the user's file: statements
  /// and errors then name the user's lines.
  var map: LineMap?

  /// A parser over `bytes`, which must be UTF-8.
  init(file: String, directory: String?, bytes: [UInt8], sourcing: [String]) {
    self.file = file
    self.directory = directory
    self.bytes = bytes
    self.sourcing = sourcing
  }

  /// Whether every line has been read. A final `\n` ends the last line and opens none.
  var isAtEnd: Bool { offset >= bytes.count }

  mutating func parseAll() throws(SessionError) -> [Statement] {
    var statements: [Statement] = []
    // At most one statement a line: room for all of them at once, rather than a copy at each doubling.
    statements.reserveCapacity(bytes.count(where: { $0 == UInt8(ascii: "\n") }) + 1)
    try forEachStatement { statement in
      statements.append(statement)
      return true
    }
    return statements
  }

  /// Parses every line, handing each statement to `handle` as it is parsed, until `handle` returns `false`.
  mutating func forEachStatement(_ handle: (Statement) -> Bool) throws(SessionError) {
    // Every line is parsed, so one run reports all of a file's errors; nothing runs while there is one.
    var errors: [SessionError] = []
    var omitted = 0
    while !isAtEnd {
      do {
        if let statement = try parseNext(), !handle(statement) { break }
      } catch {
        if case .parseErrors(let inner, let innerOmitted) = error {
          errors += inner
          omitted += innerOmitted
        } else {
          errors.append(error)
        }
      }
    }
    guard !errors.isEmpty else { return }
    let collected = SessionError.collected(errors, omitted: omitted)
    // The user's lines are looked up for the errors kept to be shown, not for every one found.
    throw map.map { collected.relocated($0.context(ofSource:)) } ?? collected
  }

  /// The next line's range in `bytes` (without its `\n`), and moves past it.
  mutating func nextLine() -> Range<Int> {
    let start = offset
    var end = start
    while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
    offset = end + 1
    lineNumber += 1
    return start..<end
  }

  /// Parses the statement at the current line (with its here-document), or skips a blank or comment line (`nil`).
  mutating func parseNext() throws(SessionError) -> Statement? {
    guard let map else { return try parseLine() }
    // Parsed at the converted text's places, then moved to the user's: the parse never needs to know.
    do {
      guard var statement = try parseLine() else { return nil }
      statement.location = map.location(of: statement.location)
      return statement
    } catch {
      throw error.relocated(map.context(ofConverted:))
    }
  }

  /// ``parseNext()`` at the places of the text itself.
  mutating func parseLine() throws(SessionError) -> Statement? {
    let range = Self.trimmingReturns(nextLine(), of: bytes)
    let number = lineNumber
    var cursor = LineCursor(bytes, line: range)
    cursor.skipSpaces()
    if cursor.next == nil || cursor.next == "#" { return nil }
    let location = SourceLocation(file: file, line: number, column: cursor.column)
    if let body = recent.find(range, in: bytes) { return Statement(body, at: location) }
    let line = cursor.text(range)
    var text = line
    var hereDocument: HereDocument?
    // A curl command goes on over the next lines while it ends in a backslash or inside a quote.
    var continued: String?
    if cursor.next == "c", CurlCommand.isCurl(line), ShellWords.isIncomplete(line) {
      var joined = line
      while !isAtEnd, ShellWords.isIncomplete(joined) {
        joined += "\n" + cursor.text(Self.trimmingReturns(nextLine(), of: bytes))
      }
      continued = joined
      text = joined
    }
    if continued == nil, Self.containsDoubledLessThan(bytes[range]), let opened = SessionParser.hereDocument(in: line) {
      var body = ""
      var closed = false
      while !isAtEnd {
        let candidate = cursor.text(nextLine())
        text += "\n" + candidate
        if candidate.trimmingCharacters(in: " \t\r") == opened.terminator {
          closed = true
          break
        }
        body += candidate + "\n"
      }
      guard closed else {
        throw .unterminatedHereDocument(terminator: opened.terminator, SourceLine(location, line: line))
      }
      hereDocument = HereDocument(text: body, quoted: opened.quoted)
    }
    var context = CommandParser(
      cursor: cursor, line: line, location: location, hereDocument: hereDocument, directory: directory,
      sourcing: sourcing)
    context.continued = continued
    let command = try context.parseCommand()
    let body = Statement.Body(command: command, text: text, lineCount: lineNumber - number + 1)
    // The last line of the text has no later line to repeat it: a statement typed at the prompt is one.
    if hereDocument == nil, continued == nil, !isAtEnd { recent.remember(range, body) }
    return Statement(body, at: location)
  }

  /// The line without the `\r`s a file with CRLF line ends leaves around it.
  static func trimmingReturns(_ line: Range<Int>, of bytes: [UInt8]) -> Range<Int> {
    var line = line
    while let first = line.first, bytes[first] == UInt8(ascii: "\r") { line = line.dropFirst() }
    while let last = line.last, bytes[last] == UInt8(ascii: "\r") { line = line.dropLast() }
    return line
  }

  /// Whether the line holds `<<`, which every here-document opens with: nearly every line does not.
  static func containsDoubledLessThan(_ line: ArraySlice<UInt8>) -> Bool {
    var previous: UInt8 = 0
    for byte in line {
      if byte == UInt8(ascii: "<"), previous == byte { return true }
      previous = byte
    }
    return false
  }

  /// `path` resolved against the session file's folder.
  static func resolve(_ path: String, against directory: String?) -> String {
    guard !path.hasPrefix("/"), let directory, !directory.isEmpty else { return path }
    return directory + "/" + path
  }
}

/// The lines of a here-document, each ending in a newline.
struct HereDocument {
  var text: String
  var quoted: Bool

  var template: Template { Template(text, expands: !quoted) }
}
