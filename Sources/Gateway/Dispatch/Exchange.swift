/// What one dispatch produced: the response as a server would have sent it,
/// and everything the app did on the way.
public struct Exchange: Sendable {
  /// The environ the app received.
  public var environ: Environ
  /// The status line that went out, or `nil` when no response started.
  public var status: String?
  /// The headers that went out, in order.
  public var headers: [HeaderField]
  /// The body as it streamed.
  public var body: CapturedBytes
  /// Everything written to `wsgi.errors`, as UTF-8, including what the server logged there.
  public var errors: CapturedBytes
  /// Output that is not part of the protocol, such as a Python app's stray prints.
  public var strayOutput: CapturedBytes
  /// Every diagnostic, in the order noticed.
  public var diagnostics: [Diagnostic]
  /// Every gateway call, in order.
  public var trace: CallTrace
  /// When the milestones were reached.
  public var timings: Timings
  /// How the dispatch ended.
  public var outcome: Outcome
  /// How many request body bytes the app read from `wsgi.input`.
  public var inputBytesRead: Int
  /// Body bytes the app produced that a server would not send (the body of a HEAD response).
  public var droppedBodyBytes: Int

  /// The three-digit status code, when the status starts with one.
  public var statusCode: Int? {
    guard let status, status.utf8.count >= 3 else { return nil }
    return Int(status.prefix(3))
  }

  /// The diagnostics of at least `severity`.
  public func diagnostics(atLeast severity: Diagnostic.Severity) -> [Diagnostic] {
    diagnostics.filter { $0.severity >= severity }
  }
}

/// When a dispatch reached its milestones, from its start.
public struct Timings: Sendable, Equatable {
  /// The first call of start_response.
  public var startResponse: Duration?
  /// The first body byte (or the headers, for an empty body).
  public var firstByte: Duration?
  /// The end, after close().
  public var total: Duration
}

/// How a dispatch ended.
public enum Outcome: Sendable, Equatable, CustomStringConvertible {
  /// The app answered and its body ended.
  case completed
  /// The app raised before the headers went out; the server answered 500 in its place.
  case failedBeforeHeaders(AppFailure)
  /// The app raised after the headers went out; the response was cut short.
  case failedAfterHeaders(AppFailure)
  /// The gateway stopped the app.
  case stopped(StopReason)

  /// Whether the app answered and its body ended normally.
  public var isCompleted: Bool { self == .completed }

  public var description: String {
    switch self {
    case .completed: return "completed"
    case .failedBeforeHeaders(let failure): return "the app raised before the headers went out: \(failure.message)"
    case .failedAfterHeaders(let failure): return "the app raised after the headers went out: \(failure.message)"
    case .stopped(let reason): return "stopped: \(reason)"
    }
  }
}

/// An error an app raised, as the server logged it.
public struct AppFailure: Sendable, Equatable {
  /// The error in one line.
  public var message: String
  /// The traceback from the app's runtime, when it had one.
  public var traceback: String?

  /// Describes `error`.
  public init(_ error: any Error) {
    message = String(describing: error)
    traceback = (error as? any TracebackCarrying)?.traceback
  }
}
