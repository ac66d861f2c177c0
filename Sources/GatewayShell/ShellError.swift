/// What went wrong in the shell itself, worded for the user.
enum ShellError: Error, Equatable, CustomStringConvertible {
  /// A file or folder could not be used.
  case fileSystem(operation: String, path: String, reason: String)
  /// A line is not a command the shell knows.
  case unknownCommand(String, suggestion: String?)
  /// A command was given arguments it does not take.
  case usage(command: String, expected: String)

  var description: String {
    switch self {
    case .fileSystem(let operation, let path, let reason):
      return "could not \(operation) \(TerminalText.escape(path)): \(reason)"
    case .unknownCommand(let word, let suggestion?):
      return "unknown command '\(TerminalText.escape(word))' — did you mean \(suggestion)? ('help' lists them)"
    case .unknownCommand(let word, nil):
      return "unknown command '\(TerminalText.escape(word))' — 'help' lists the commands"
    case .usage(let command, let expected):
      return "\(command): expected \(expected)"
    }
  }
}
