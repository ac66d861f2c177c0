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
  /// What a line parsed to, held once: a statement is copied out of its list each time it
  /// runs, and one reference is cheaper to copy than a command and a text; the same line
  /// repeated in a file (a replay's `expect status 200`) shares one. Never changed in place.
  final class Body: Sendable {
    let command: Command
    let text: String
    let lineCount: Int

    init(command: Command, text: String, lineCount: Int) {
      self.command = command
      self.text = text
      self.lineCount = lineCount
    }
  }

  var body: Body

  /// What to do.
  public var command: Command {
    get { body.command }
    set { body = Body(command: newValue, text: text, lineCount: lineCount) }
  }
  /// Where the command starts.
  public var location: SourceLocation
  /// The statement's source text: its line, plus the here-document lines that belong to it.
  public var text: String {
    get { body.text }
    set { body = Body(command: command, text: newValue, lineCount: lineCount) }
  }
  /// How many source lines it spans (more than one with a here-document).
  public var lineCount: Int {
    get { body.lineCount }
    set { body = Body(command: command, text: text, lineCount: newValue) }
  }

  /// Creates a statement.
  public init(command: Command, location: SourceLocation, text: String, lineCount: Int = 1) {
    self.init(Body(command: command, text: text, lineCount: lineCount), at: location)
  }

  /// Whether the statement is a `save`; read in place, where `command` returns a copy.
  package var isSave: Bool {
    if case .save = body.command { true } else { false }
  }

  /// A statement of a line parsed before, at another place.
  init(_ body: Body, at location: SourceLocation) {
    self.body = body
    self.location = location
  }

  public static func == (lhs: Statement, rhs: Statement) -> Bool {
    lhs.location == rhs.location
      && (lhs.body === rhs.body
        || lhs.command == rhs.command && lhs.text == rhs.text && lhs.lineCount == rhs.lineCount)
  }
}
