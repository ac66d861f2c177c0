import Gateway
import JSON
import Platform

/// The place an error points at: where, and the line itself, so the message can show it.
public struct SourceLine: Sendable, Equatable {
  /// Where.
  public var location: SourceLocation
  /// The source line.
  public var line: String

  /// Creates a context.
  public init(_ location: SourceLocation, line: String) {
    self.location = location
    self.line = line
  }
}

/// Why a session line could not be parsed or run. Every case names the file,
/// line and column, says what was expected, and its description shows the line.
public enum SessionError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The first word is no command.
  case unknownCommand(String, suggestion: String?, SourceLine)
  /// Something else was expected at this point of the line.
  case expected(String, found: String?, SourceLine)
  /// A regular expression does not compile.
  case badRegex(String, reason: String, SourceLine)
  /// A here-document ran to the end of the file without its terminator line.
  case unterminatedHereDocument(terminator: String, SourceLine)
  /// A file named with `@path`, `source` or `expect body @path` does not exist or cannot be read.
  case missingFile(String, SourceLine)
  /// A JSONPath does not parse.
  case badJSONPath(String, JSONPathError, SourceLine)
  /// A JSON literal does not parse.
  case badJSON(String, JSONParseError, SourceLine)
  /// A file sources itself, directly or through others.
  case sourceCycle(String, SourceLine)
  /// A `{{name}}` has no value: no `let`, `--var` or capture defined it.
  case undefinedVariable(String, SourceLine)
  /// A request was made with no app loaded.
  case noApp(SourceLine)
  /// The app spec could not be loaded.
  case loadFailed(spec: String, reason: String, SourceLine)
  /// `use` named an app that is not loaded.
  case unknownApp(String, loaded: [String], SourceLine)
  /// A request went to an app whose reload failed.
  case appNotLoaded(String, SourceLine)
  /// `send` came before any request line.
  case nothingToSend(SourceLine)
  /// `expect`, `capture` or `show response` came before any request.
  case noResponse(SourceLine)
  /// `expect`, `capture` or `show response` came after a request line that failed, which has no response.
  case requestFailed(SourceLine)
  /// `capture` found nothing.
  case captureFailed(name: String, reason: String, SourceLine)
  /// A file could not be written or read while running.
  case fileFailed(path: String, reason: String, SourceLine)
  /// A word is not one of the words that belong there, but close to one (`expect stauts`).
  case misspelt(String, expected: String, suggestion: String, SourceLine)
  /// Several lines of a text did not parse: the first ``errorLimit`` of them, and how many more there were.
  case parseErrors([SessionError], omitted: Int)

  /// The most parse errors reported at once.
  public static let errorLimit = 20

  /// One error for all of `errors`: itself when there is one, else ``parseErrors(_:omitted:)`` with at most ``errorLimit``.
  static func collected(_ errors: [SessionError], omitted: Int = 0) -> SessionError {
    if errors.count == 1, omitted == 0 { return errors[0] }
    let kept = Array(errors.prefix(errorLimit))
    return .parseErrors(kept, omitted: omitted + errors.count - kept.count)
  }

  /// Where the error points.
  public var context: SourceLine {
    switch self {
    case .unknownCommand(_, _, let context), .expected(_, _, let context), .badRegex(_, _, let context),
      .unterminatedHereDocument(_, let context), .missingFile(_, let context), .badJSONPath(_, _, let context),
      .badJSON(_, _, let context), .sourceCycle(_, let context), .undefinedVariable(_, let context),
      .noApp(let context), .loadFailed(_, _, let context), .unknownApp(_, _, let context),
      .appNotLoaded(_, let context),
      .nothingToSend(let context), .noResponse(let context), .requestFailed(let context),
      .captureFailed(_, _, let context),
      .fileFailed(_, _, let context), .misspelt(_, _, _, let context):
      return context
    case .parseErrors(let errors, _):
      return errors.first?.context ?? SourceLine(SourceLocation(file: "<prompt>", line: 0), line: "")
    }
  }

  /// Whether the error is about the text of a file (it did not parse), not about running it.
  public var isParseError: Bool {
    switch self {
    case .unknownCommand, .expected, .badRegex, .unterminatedHereDocument, .missingFile, .badJSONPath, .badJSON,
      .sourceCycle, .misspelt, .parseErrors:
      return true
    default:
      return false
    }
  }

  /// The message without the location and the line.
  public var message: String {
    switch self {
    case .unknownCommand(let word, let suggestion, _):
      return "unknown command '\(Self.clipped(word))'"
        + (suggestion.map { "; did you mean \($0)?" } ?? "; 'help' lists the commands")
    case .expected(let what, let found, _):
      return "expected \(what)"
        + (found.map { $0.isEmpty ? " but the line ended" : " but found '\(Self.clipped($0))'" } ?? "")
    case .badRegex(let pattern, let reason, _):
      return "the regular expression '\(pattern)' does not compile: \(reason)"
    case .unterminatedHereDocument(let terminator, _):
      return "expected a line '\(terminator)' to end the here-document, but the file ended"
    case .missingFile(let path, _):
      // What is there instead, read when the error is shown: a folder, or a file not readable, is
      // another fix than a typo in the name.
      switch FileSystem.kind(of: path) {
      case .directory?: return "expected a readable file at '\(path)', but it is a folder"
      case .some: return "expected a readable file at '\(path)', but it cannot be read (its permissions)"
      case nil: return "expected a readable file at '\(path)', but there is none"
      }
    case .badJSONPath(let path, let error, _):
      return "the JSONPath '\(path)' does not parse: \(error); paths look like $.items[0].id or $['a b'][-1]"
    case .badJSON(let text, let error, _):
      // A bare word is most often a string written without its quotes.
      if let first = text.first, first.isLetter, !["true", "false", "null"].contains(where: text.hasPrefix) {
        return "expected a JSON value, but '\(text)' is not one; a string is written in double quotes: \"\(text)\""
      }
      return "expected a JSON value, but '\(text)' does not parse: \(error)"
    case .sourceCycle(let path, _):
      return "'\(path)' is already being sourced; a file cannot include itself"
    case .undefinedVariable(let name, _):
      return name.hasPrefix("env.")
        ? "the environment variable \(name.dropFirst(4)) is not set"
        : "the variable '\(name)' is not defined; define it with 'let \(name) VALUE', '--var \(name)=VALUE' or a capture"
    case .noApp(let context):
      // A .http file has no `load`: the app comes from the command line.
      let file = context.location.file.lowercased()
      if file.hasSuffix(".http") || file.hasSuffix(".rest") {
        return "no app is loaded: a .http file names none; give it with 'gwsh run --app SPEC',"
          + " such as --app python:app:app"
      }
      return "no app is loaded; load one first, such as 'load demo'"
    case .appNotLoaded(let name, _):
      return "\(name) is not loaded: its last reload failed, as shown then; fix the code and 'reload \(name)'"
    case .loadFailed(let spec, let reason, _):
      return "could not load '\(spec)': \(reason)"
    case .unknownApp(let name, let loaded, _):
      return "no app named '\(name)' is loaded"
        + (loaded.isEmpty ? "; load one with 'load SPEC as \(name)'" : " (loaded: \(loaded.joined(separator: ", ")))")
    case .nothingToSend:
      return "nothing to send yet; a request line such as 'GET /' comes first"
    case .noResponse:
      return "there is no response yet; a request line such as 'GET /' comes first"
    case .requestFailed:
      return "the last request line failed, so there is no response to look at; the one before it is not this one"
    case .captureFailed(let name, let reason, _):
      return "could not capture '\(name)': \(reason)"
    case .fileFailed(let path, let reason, _):
      return "could not use '\(path)': \(reason)"
    case .misspelt(let word, let what, let suggestion, _):
      return "expected \(what) but found '\(word)'; did you mean \(suggestion)?"
    case .parseErrors(let errors, let omitted):
      return (errors.map { "\($0.context.location): \($0.message)" } + Self.omittedLine(omitted))
        .joined(separator: "\n")
    }
  }

  /// The line closing a list of errors that was cut short.
  static func omittedLine(_ omitted: Int) -> [String] {
    omitted > 0 ? ["and \(omitted) more error\(omitted == 1 ? "" : "s")"] : []
  }

  /// `file:line:column: error: message`, then the line and a caret under the column.
  public var description: String {
    if case .parseErrors(let errors, let omitted) = self {
      return (errors.map(\.description) + Self.omittedLine(omitted)).joined(separator: "\n")
    }
    let context = self.context
    // Line 0 is the file itself (one that cannot be read): there is no line to show.
    if context.location.line == 0 { return "\(context.location.file): error: \(VisibleText.escaped(message))" }
    // The line is shown with tabs as spaces and controls escaped, so the caret lines up and nothing reaches a terminal raw.
    let shown = { (text: Substring) in VisibleText.escaped(String(text.replacing("\t", with: " "))) }
    let (line, column) = Self.window(of: context.line, around: context.location.column)
    let before = shown(line.prefix(max(0, column - 1)))
    let caret = String(repeating: " ", count: before.count) + "^"
    return "\(context.location): error: \(VisibleText.escaped(message))\n    \(shown(line[...]))\n    \(caret)"
  }

  /// A word of the input as a message quotes it: the line shown below the message holds it, so a long one is cut.
  static func clipped(_ word: String) -> String {
    word.unicodeScalars.count > 40 ? String(word.unicodeScalars.prefix(40)) + "…" : word
  }

  /// The most of a line an error shows: a line of megabytes is shown around the column only, with `…` where it is cut.
  static let shownWidth = 160

  /// The part of `line` an error shows, and the column within it.
  static func window(of line: String, around column: Int) -> (line: String, column: Int) {
    let scalars = line.unicodeScalars
    guard scalars.count > shownWidth else { return (line, column) }
    let skipped = min(max(0, column - 1 - shownWidth / 2), scalars.count - shownWidth)
    let start = scalars.index(scalars.startIndex, offsetBy: skipped)
    let end = scalars.index(start, offsetBy: shownWidth)
    let shown = (skipped > 0 ? "…" : "") + String(scalars[start..<end]) + (end < scalars.endIndex ? "…" : "")
    return (shown, column - skipped + (skipped > 0 ? 1 : 0))
  }
}
