/// Why a worker could not be started.
enum WorkerStartFailure: Error, CustomStringConvertible {
  /// The interpreter did not start, the import failed or took too long, or the worker died.
  case load(LoadError)
  /// The caller asked to stop (the dispatch that needed a new worker was cancelled or ran out of time).
  case stopped

  var description: String {
    switch self {
    case .load(let error): return error.description
    case .stopped: return "starting the Python worker was stopped"
    }
  }
}

/// Why waiting on the worker ended without an event.
enum WorkerFailure: Error, CustomStringConvertible {
  case died(String)
  case protocolBroken(String)
  case timedOut
  case stopped

  var description: String {
    switch self {
    case .died(let what): return "the Python worker \(what)"
    case .protocolBroken(let what): return what
    case .timedOut: return "the Python worker did not answer in time"
    case .stopped: return "the request was stopped"
    }
  }
}
