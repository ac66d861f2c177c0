/// Where a statement came from: a file (or `<prompt>`), a line and a column, all from 1.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
  /// The file as the user named it, or `<prompt>` for typed input.
  public var file: String
  /// The line, from 1.
  public var line: Int
  /// The column, from 1, counted in characters.
  public var column: Int

  /// Creates a location.
  public init(file: String, line: Int, column: Int = 1) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// `file:line:column`, as compilers print it, so editors can jump there.
  public var description: String { "\(file):\(line):\(column)" }
}

/// One command of a session and where it was written.
public struct Statement: Sendable, Equatable {
  /// What to do.
  public var command: Command
  /// Where the command starts.
  public var location: SourceLocation
  /// The statement's source text: its line, plus the here-document lines that belong to it.
  public var text: String
  /// How many source lines it spans (more than one with a here-document).
  public var lineCount: Int

  /// Creates a statement.
  public init(command: Command, location: SourceLocation, text: String, lineCount: Int = 1) {
    self.command = command
    self.location = location
    self.text = text
    self.lineCount = lineCount
  }
}
