/// Errors the gateway raises into an application, as a real server's
/// `start_response` and `write` would.
public enum GatewayError: Error, Sendable, Equatable, CustomStringConvertible {
  /// `start_response` was called a second time without `exc_info`.
  case startResponseCalledTwice
  /// `write` was called before `start_response`.
  case writeBeforeStartResponse
  /// The body yielded a chunk before `start_response` was called.
  case startResponseNotCalled
  /// The dispatch was stopped; the app should unwind.
  case stopped(StopReason)

  public var description: String {
    switch self {
    case .startResponseCalledTwice: return "start_response was already called (pass exc_info to replace the status)"
    case .writeBeforeStartResponse: return "write() before start_response()"
    case .startResponseNotCalled: return "the body yielded a chunk before start_response() was called"
    case .stopped(let reason): return "the dispatch was stopped: \(reason)"
    }
  }
}

/// Why a dispatch was stopped before the app finished.
public enum StopReason: Sendable, Equatable, CustomStringConvertible {
  /// The app ran past the timeout.
  case timedOut(Duration)
  /// The user cancelled (Ctrl-C).
  case cancelled
  /// The response body grew past the byte limit.
  case responseLimit(Int)
  /// The app did not return to the gateway at all and was abandoned.
  case unresponsive(Duration)

  public var description: String {
    switch self {
    case .timedOut(let duration): return "timed out after \(duration.formattedSeconds)"
    case .cancelled: return "cancelled"
    case .responseLimit(let limit): return "body over \(ByteCount.described(limit))"
    case .unresponsive(let duration):
      return "the app did not return within \(duration.formattedSeconds) and was abandoned"
    }
  }
}

extension Duration {
  /// The duration in seconds, as a user reads it (`2.5s`, `30s`).
  public var formattedSeconds: String {
    let (seconds, attoseconds) = components
    let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
    if milliseconds % 1000 == 0 { return "\(milliseconds / 1000)s" }
    return "\(Double(milliseconds) / 1000)s"
  }
}
