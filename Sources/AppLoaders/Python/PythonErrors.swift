import Gateway

/// An exception the Python app raised, with its traceback as Python printed it.
struct PythonException: Error, TracebackCarrying, CustomStringConvertible {
  /// The exception in one line, such as `ValueError: boom`.
  var message: String
  var traceback: String

  var description: String { message }
}

/// The worker process ended or broke during a request; the next request starts a new one.
struct PythonWorkerDied: Error, TracebackCarrying, CustomStringConvertible {
  /// What happened, such as "the Python worker exited with status 3".
  var what: String
  /// What the process wrote outside the channel on its way out (a fatal error, a C-level crash report).
  var output: String

  var traceback: String { output.isEmpty ? "(the worker wrote nothing on its way out)\n" : output }

  var description: String { "\(what) during the request; a new worker starts with the next request" }
}

/// The worker could not be started again after it died.
struct PythonRestartFailed: Error, CustomStringConvertible {
  var error: LoadError
  var description: String { "the Python worker could not be started again: \(error)" }
}
