/// What went wrong with a CGI program while it answered; the dispatch shows it as the app's error.
enum CGIError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The program could not be started.
  case notStarted(program: String, reason: String)
  /// An environ entry cannot become an environment variable.
  case unpassableEntry(key: String, problem: String)
  /// The program was ended by a signal.
  case killed(program: String, signal: String)
  /// Local redirects went deeper than the limit.
  case redirectLoop(program: String, limit: Int, location: String)

  var description: String {
    switch self {
    case .notStarted(let program, let reason):
      return "the CGI program \(program) could not be started: \(reason)"
    case .unpassableEntry(let key, let problem):
      return "the environ entry \(key) cannot be passed to a CGI program: \(problem); the program was not started"
    case .killed(let program, let signal):
      return "the CGI program \(program) was killed by \(signal)"
    case .redirectLoop(let program, let limit, let location):
      return
        "the CGI program \(program) redirected locally more than \(limit) times (last to \(location)); the redirects were not followed further"
    }
  }
}
