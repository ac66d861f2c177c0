/// What one dispatch produced: the response as a server would have sent it,
/// and everything the app did on the way.
public struct Exchange: Sendable {
  /// The recorded parts, behind one reference: an exchange is handed from the
  /// recorder to events, records and the last-response slot, and a copy of a
  /// dozen fields (each with its own references) cost more than the dispatch's
  /// validator. Changing a copy copies the parts first, as an array does.
  @usableFromInline
  struct Parts: Sendable {
    var environ: Environ
    var status: String? = nil
    @usableFromInline var headers: [HeaderField] = []
    @usableFromInline var body = CapturedBytes()
    @usableFromInline var errors = CapturedBytes()
    @usableFromInline var strayOutput = CapturedBytes()
    var strayOutputBeforeRequest = 0
    var diagnostics: [Diagnostic] = []
    var trace = CallTrace()
    var timings = Timings(startResponse: nil, firstByte: nil, total: .zero)
    var outcome = Outcome.completed
    var inputBytesRead = 0
    var droppedBodyBytes = 0

    /// What a dispatch of `environ` records before anything happened.
    init(environ: Environ) { self.environ = environ }
  }

  /// The parts behind their reference. A dispatch records into the storage
  /// its exchange will hold, so finishing it moves nothing.
  @usableFromInline
  final class Storage: @unchecked Sendable {
    // Mutated only through ``Exchange/Storage/unique(_:)``, by the sole owner
    // (a recorder under its lock, or an exchange), so no two accesses overlap:
    // the run-time exclusivity check would cost a dozen calls a dispatch.
    @exclusivity(unchecked) @usableFromInline var parts: Parts
    init(_ parts: Parts) { self.parts = parts }

    /// `storage`, copied first when something else holds it too.
    static func unique(_ storage: inout Storage) -> Storage {
      if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.parts) }
      return storage
    }
  }

  // The getters of the captures and headers are inlined into their callers' modules: a caller
  // reading `exchange.body.byteCount` then takes that one field in place, where a call returned
  // a copy of the whole capture, its references retained and released (13 times a piped
  // request, 3k instructions).
  @usableFromInline var storage: Storage

  /// The exchange holding `storage`; later changes through either copy it first.
  init(_ storage: Storage) { self.storage = storage }

  private var parts: Parts {
    get { storage.parts }
    _modify { yield &Storage.unique(&storage).parts }
  }

  /// The environ the app received.
  public var environ: Environ {
    get { storage.parts.environ }
    set { parts.environ = newValue }
  }
  /// The status line that went out, or `nil` when no response started.
  public var status: String? {
    get { storage.parts.status }
    set { parts.status = newValue }
  }
  /// The headers that went out, in order.
  public var headers: [HeaderField] {
    @inlinable get { storage.parts.headers }
    set { parts.headers = newValue }
  }
  /// The body as it streamed.
  public var body: CapturedBytes {
    @inlinable get { storage.parts.body }
    set { parts.body = newValue }
  }
  /// Everything written to `wsgi.errors`, as UTF-8, including what the server logged there.
  public var errors: CapturedBytes {
    @inlinable get { storage.parts.errors }
    set { parts.errors = newValue }
  }
  /// Output that is not part of the protocol, such as a Python app's stray prints.
  public var strayOutput: CapturedBytes {
    @inlinable get { storage.parts.strayOutput }
    set { parts.strayOutput = newValue }
  }
  /// How many of ``strayOutput``'s first bytes the app printed before this request began: a
  /// background thread's, between the last request and this one.
  public var strayOutputBeforeRequest: Int { storage.parts.strayOutputBeforeRequest }
  /// Every diagnostic, in the order noticed.
  public var diagnostics: [Diagnostic] {
    get { storage.parts.diagnostics }
    set { parts.diagnostics = newValue }
  }
  /// Every gateway call, in order.
  public var trace: CallTrace {
    get { storage.parts.trace }
    set { parts.trace = newValue }
  }
  /// When the milestones were reached.
  public var timings: Timings {
    get { storage.parts.timings }
    set { parts.timings = newValue }
  }
  /// How the dispatch ended.
  public var outcome: Outcome {
    get { storage.parts.outcome }
    set { parts.outcome = newValue }
  }
  /// How many request body bytes the app read from `wsgi.input`.
  public var inputBytesRead: Int {
    get { storage.parts.inputBytesRead }
    set { parts.inputBytesRead = newValue }
  }
  /// Body bytes the app produced that a server would not send (the body of a HEAD response).
  public var droppedBodyBytes: Int {
    get { storage.parts.droppedBodyBytes }
    set { parts.droppedBodyBytes = newValue }
  }

  /// The three-digit status code, when the status starts with three digits.
  public var statusCode: Int? {
    status.flatMap(Validator.statusCode)
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

  /// Why the dispatch did not finish, when it did not: the gateway stopped it (a timeout, Ctrl-C,
  /// a body over the limit, an app that never returned) or the app's process crashed. An app that
  /// raised did finish: the server answered for it, as a real one would, and a test may expect that.
  public var unfinished: String? {
    switch self {
    case .completed: return nil
    case .stopped: return description
    case .failedBeforeHeaders(let failure), .failedAfterHeaders(let failure):
      return failure.crashed ? "crashed: \(failure.message)" : nil
    }
  }

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
  /// Whether the app's process died (a signal, a worker that exited) rather than raising.
  public var crashed: Bool

  /// Describes `error`.
  public init(_ error: any Error) {
    message = String(describing: error)
    traceback = (error as? any TracebackCarrying)?.traceback
    crashed = (error as? any AppCrash)?.isCrash ?? false
  }
}
