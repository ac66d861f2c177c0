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
  public var entries: [Entry] { records.map { Entry(time: .nanoseconds($0.time), event: $0.event) } }
  /// How many calls were not recorded once the limit was reached.
  public internal(set) var droppedCount = 0

  /// The calls, stamped in nanoseconds: `Duration`'s conversions and
  /// comparisons are calls into the standard library, and cost more than the recording.
  private var records: [Record] = []
  /// The time of the latest call, recorded or not.
  private var latest: Nanoseconds = 0

  /// A call as recorded. A struct, not a tuple: an array of tuples is destroyed
  /// by the run time's generic walk, an array of structs by code made for it.
  private struct Record {
    var time: Nanoseconds
    var event: Event
  }

  /// A call that carries no text, named by a byte: a recorder passes it into
  /// its lock's closure without copying an event (and the references it may hold).
  enum PlainCall: UInt8 { case call, returned, close, write, yield }

  /// Records a call that carries no text (with its byte count, for a write
  /// or a chunk), and returns the time it was stamped with, as the other `append` does.
  @discardableResult
  mutating func append(_ call: PlainCall, byteCount: Int = 0, at time: Nanoseconds, limit: Int) -> Nanoseconds {
    let event: Event
    switch call {
    case .call: event = .call
    case .returned: event = .returned
    case .close: event = .close
    case .write: event = .write(byteCount: byteCount)
    case .yield: event = .yield(byteCount: byteCount)
    }
    return append(event, at: time, limit: limit)
  }

  /// Records a call, and returns the time it was stamped with: `time`, or the
  /// latest call's time when that is later, since calls a bridge replays with
  /// their own times must not read as earlier than what was recorded before them.
  @discardableResult
  mutating func append(_ event: consuming Event, at time: Nanoseconds, limit: Int) -> Nanoseconds {
    latest = max(time, latest)
    guard records.count < limit else {
      droppedCount += 1
      return latest
    }
    // A plain request makes six calls: one allocation instead of three growths.
    if records.isEmpty { records.reserveCapacity(min(limit, 8)) }
    records.append(Record(time: latest, event: event))
    return latest
  }
}
