/// Every gateway call an app made, in order, with when it happened.
public struct CallTrace: Sendable {
  /// One call.
  public struct Entry: Sendable, Equatable {
    /// When it happened, from the start of the dispatch.
    public var time: Duration
    /// What happened.
    public var event: Event
  }

  /// A gateway call or a step the server took.
  public enum Event: Sendable, Equatable {
    /// The server called the application.
    case call
    /// `start_response(status, headers, exc_info)`.
    case startResponse(status: String, headers: [HeaderField], excInfo: String?)
    /// `write(bytes)`.
    case write(byteCount: Int)
    /// The body yielded a chunk.
    case yield(byteCount: Int)
    /// The server sent the status and headers.
    case headersSent(status: String)
    /// A call on `wsgi.input`, and how many bytes it returned.
    case input(WSGIInput.Call, byteCount: Int)
    /// A call on `wsgi.errors` (`write`, `writelines`, `flush`, `close`), and how many bytes it wrote.
    case errors(call: String, byteCount: Int)
    /// The application returned its body iterable.
    case returned
    /// The application (or its body) raised.
    case raised(String)
    /// The server called the body's `close()`.
    case close
    /// The server stopped the dispatch.
    case stopped(StopReason)
  }

  /// The calls, at most the trace limit.
  public internal(set) var entries: [Entry] = []
  /// How many calls were not recorded once the limit was reached.
  public internal(set) var droppedCount = 0

  /// The time of the latest call, recorded or not.
  private var latest: Duration = .zero

  /// Records a call, and returns the time it was stamped with: `time`, or the
  /// latest call's time when that is later, since calls a bridge replays with
  /// their own times must not read as earlier than what was recorded before them.
  @discardableResult
  mutating func append(_ event: consuming Event, at time: Duration, limit: Int) -> Duration {
    latest = max(time, latest)
    // A plain request makes about eight calls: one allocation instead of four growths.
    if entries.isEmpty { entries.reserveCapacity(min(limit, 12)) }
    if entries.count < limit {
      entries.append(Entry(time: latest, event: event))
    } else {
      droppedCount += 1
    }
    return latest
  }
}
