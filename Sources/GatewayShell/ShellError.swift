/// What went wrong in the shell itself, worded for the user. Errors in a typed
/// line come from the session engine (`SessionError`) and are shown as they are.
enum ShellError: Error, Equatable, CustomStringConvertible {
  /// A file or folder could not be used: what was being done, where, and the system's reason.
  case fileSystem(operation: String, path: String, reason: String)

  var description: String {
    switch self {
    case .fileSystem(let operation, let path, let reason):
      return "could not \(operation) \(TerminalText.escape(path)): \(reason)"
    }
  }
}
