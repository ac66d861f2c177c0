/// Where each line of a converted text came from in the file the user wrote (a `.http` file
/// converted to session lines), so that every place a message names — a parse error, a request
/// that did not finish, a failed expectation, a JUnit test case — is the user's line, and an
/// error shows the line as the user wrote it, not the converted one they never see.
public struct LineMap: Sendable {
  /// Where one converted line came from.
  public struct Origin: Sendable, Equatable {
    /// The line of the user's file, from 1; 0 for a line the conversion made up (the `load` of
    /// `--app`), which names the file itself.
    public var line: Int
    /// The column where the line's own text starts there, from 1.
    public var column: Int
    /// How many characters at the start of the converted line the user's line does not have
    /// (`header ` before a `Name: value` line): a column past them maps to the same text there.
    public var added: Int
    /// Where the converted line's text from a column on was written, when on another line (a
    /// request line's `@file`, written as a `< ./file` line below it).
    public var tail: Tail?

    /// The end of a converted line that was written elsewhere.
    public struct Tail: Sendable, Equatable {
      /// The column of the converted line it starts at.
      public var from: Int
      /// The line it was written on, and the column there.
      public var line: Int
      public var column: Int

      /// Creates a tail.
      public init(from: Int, line: Int, column: Int) {
        self.from = from
        self.line = line
        self.column = column
      }
    }

    /// Creates an origin.
    public init(line: Int, column: Int = 1, added: Int = 0, tail: Tail? = nil) {
      self.line = line
      self.column = column
      self.added = added
      self.tail = tail
    }

    /// A line the conversion wrote that has no text of the user's in it (`reset` before a
    /// request): every column of it is the start of the user's line.
    public static func madeUp(line: Int, column: Int = 1) -> Origin {
      Origin(line: line, column: column, added: .max)
    }

    /// The column in the user's line of `column` in the converted line.
    func column(of converted: Int) -> Int {
      let past = converted - 1
      return past <= added ? column : column + past - added
    }
  }

  /// The origin of each converted line; the first is line 1's.
  let origins: [Origin]
  /// The user's file as UTF-8, to show a line of under an error. Kept whole rather than as a
  /// string a line (which cost several times the file): a line is looked for only when an error is shown.
  let source: [UInt8]

  /// Creates a map.
  /// - Parameters:
  ///   - origins: The origin of each line of the converted text, in order.
  ///   - source: The user's file, whose lines end at line feeds (a carriage return before one is no part of the line).
  public init(origins: [Origin], source: [UInt8]) {
    self.origins = origins
    self.source = source
  }

  /// The user's place of a place in the converted text.
  func location(of converted: SourceLocation) -> SourceLocation {
    guard converted.line >= 1, converted.line <= origins.count else { return converted }
    let origin = origins[converted.line - 1]
    if let tail = origin.tail, converted.column >= tail.from {
      return SourceLocation(file: converted.file, line: tail.line, column: tail.column + converted.column - tail.from)
    }
    return SourceLocation(file: converted.file, line: origin.line, column: origin.column(of: converted.column))
  }

  /// The user's line `number`, or nothing for line 0 (the file itself) and lines past the end.
  func sourceLine(_ number: Int) -> String {
    guard number >= 1 else { return "" }
    var start = 0
    for _ in 1..<number {
      guard let feed = source[start...].firstIndex(of: UInt8(ascii: "\n")) else { return "" }
      start = feed + 1
    }
    var end = source[start...].firstIndex(of: UInt8(ascii: "\n")) ?? source.endIndex
    if end > start, source[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    return String(decoding: source[start..<end], as: UTF8.self)
  }

  /// An error's context in the converted text at the user's place; the line to show is found
  /// later, by ``context(ofSource:)``, only for the errors that are shown.
  func context(ofConverted context: SourceLine) -> SourceLine {
    SourceLine(location(of: context.location), line: "")
  }

  /// A context already at the user's place (a statement's, or a parse error's) with the user's line to show.
  func context(ofSource context: SourceLine) -> SourceLine {
    SourceLine(context.location, line: sourceLine(context.location.line))
  }
}
