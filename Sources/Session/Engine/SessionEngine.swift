import AppLoaders
import Gateway
import JSON
import Platform

/// Runs a session's statements, coordinating its parts: the loaded apps and their
/// mounts (``AppTable``), the request being composed (``RequestDraft``), what `save`
/// writes (``Transcript``), and beside them the variables and captures, the cookie jar,
/// redirects and the last exchange.
///
/// The engine never prints and knows nothing of terminals: each statement
/// returns the ``SessionEvent``s a shell renders or a runner counts.
///
/// ```swift
/// let engine = SessionEngine()
/// for statement in try SessionParser.parse("load demo\nGET /api/items\nexpect status 200") {
///   let events = engine.execute(statement)
/// }
/// ```
public final class SessionEngine {
  /// Loads the apps `load` names.
  let loader: AppLoader
  // The state a request reads and writes is not checked for exclusive access at run time: the
  // engine runs on one thread, and its code never lends one of these properties out while it
  // reads it again. The checks cost about a thousand instructions a request.
  /// The loaded apps and their mounts.
  @exclusivity(unchecked) var table = AppTable()
  /// The request being composed.
  @exclusivity(unchecked) var draft = RequestDraft()
  /// The last request line, which `send` sends again.
  @exclusivity(unchecked) var lastRequestLine: RequestLine?
  /// The last dispatch, its request as sent (cookies included), for `show curl`.
  @exclusivity(unchecked) var lastDispatch: DispatchRecord?
  /// The file the last request's body came from whole, for `show curl`.
  @exclusivity(unchecked) var lastBodyFile: String?
  /// Variables from `let`, `--var` and captures.
  public internal(set) var variables: [String: String]
  @exclusivity(unchecked) var jar = CookieJar()
  var cookiesEnabled = true
  var followRedirects = false
  /// The apps whose last reload failed: a request to one fails its line, saying so, rather than
  /// dispatching to the stand-in that answers with a 500 a user would take for the app's.
  var appsNotLoaded: Set<String> = []
  /// The last response (the last hop when following redirects); `nil` after a request line that failed.
  @exclusivity(unchecked) public internal(set) var lastExchange: Exchange? {
    didSet { if lastExchange != nil { lastRequestFailed = false } }
  }
  /// Whether the last request line failed, leaving no response.
  var lastRequestFailed = false
  @exclusivity(unchecked) var ignoredHeaders: [String] = []
  /// The `ignore json`, `ignore body` and `ignore errors` rules in force.
  @exclusivity(unchecked) var ignoreMask = IgnoreMask()
  var redactedHeaders: [String] = []
  /// What `save` writes.
  @exclusivity(unchecked) var transcript = Transcript()
  /// Where each dispatch's recorded lines are written before they become its recorded text. It keeps
  /// the storage of the largest recording, which is bounded: bodies and errors past
  /// ``SessionRecording/bodyLimit`` are recorded by size and digest.
  @exclusivity(unchecked) var recordingBuffer = TextBuffer(capacity: 4096)
  @exclusivity(unchecked) var sourceDepth = 0
  /// Whether statements are kept for `save`. A runner turns it off for a file
  /// with no `save`: a long replay need not write every line to disk.
  var keepsTranscript = true
  /// The last body parsed as JSON, keyed by its size and digest.
  var parsedBody: (key: String, result: Result<JSONValue, DocumentFailure>)?
  /// The last answer to each request sent, for `show diff`.
  @exclusivity(unchecked) var answers = AnswerHistory()
  /// The last coded body decoded for expectations, so several `expect` lines decode it once.
  var decodedBody: (key: String, body: CapturedBytes)?

  /// The limits every dispatch runs under; the timeout is how long one dispatch may take.
  public var limits: DispatchLimits {
    get { dispatcher.limits }
    set { dispatcher.limits = newValue }
  }
  /// Dispatches every request of the session, so that what it remembers from
  /// one (the last status and headers that passed the checks) serves the next.
  var dispatcher: Dispatcher
  /// Set it (from a Ctrl-C handler) to stop the running statement's dispatch. Whatever flag
  /// `limits.cancellation` holds (this one unless replaced) is cleared before each statement, not each
  /// dispatch: a Ctrl-C that comes between two dispatches of one statement (`repeat`, a redirect's
  /// hops) after the first made its last gateway call must still stop the statement.
  public let cancellation = CancellationFlag()

  /// Whether each dispatch is recorded as `expect` lines (what `save`, the
  /// journal and `gwsh run --update` write). A replay that only checks turns it
  /// off: recording costs more than the dispatch itself.
  public var recordsResponses = true

  /// Whether a request sent again whose answer changed says so, pointing at `show diff`: for a
  /// person at the prompt, who edits and sends again. Off for a pipe or a replay, where the search
  /// for the earlier answer would cost every request.
  public var notesChangedAnswers = false

  /// The columns `help` text is wrapped to; `nil` keeps each paragraph on one line. The engine knows
  /// no terminal: a shell sets it to its window's width before each statement.
  public var helpWidth: Int?

  /// Creates a session with no app loaded.
  /// - Parameters:
  ///   - loader: Loads the apps `load` names (default: built-in apps, CGI programs and Python apps
  ///     from the working directory).
  ///   - variables: Variables defined up front, as `--var NAME=VALUE` does.
  ///   - timeout: How long one dispatch may take.
  public init(
    loader: AppLoader = AppLoader(), variables: [String: String] = [:],
    timeout: Duration = .seconds(30)
  ) {
    self.loader = loader
    self.variables = variables
    var limits = DispatchLimits(
      timeout: timeout, capture: CaptureLimits(makeSpill: { try? FileSpill(anonymousUpTo: 1 << 30) }))
    limits.cancellation = cancellation
    self.dispatcher = Dispatcher(limits: limits)
  }

  deinit {
    table.shutdownAll()
  }

  /// The names of the loaded apps, in load order.
  public var appNames: [String] { table.names }

  /// The app requests go to when no mount prefix matches.
  public var currentAppName: String? { table.current }

  /// Parses `text` (typed at the prompt) and runs it.
  /// - Parameters:
  ///   - text: One command, or a command and its here-document lines.
  ///   - directory: What `@path` is relative to; `nil` for the working directory.
  ///   - observer: Receives responses as they stream.
  /// - Returns: The events; a parse error is one ``SessionEvent/error(_:)``.
  public func execute(
    line text: String, directory: String? = nil, observer: (any ExchangeObserver)? = nil
  ) -> [SessionEvent] {
    do {
      return try SessionParser.parse(text, directory: directory).flatMap { execute($0, observer: observer) }
    } catch {
      return [.error(error)]
    }
  }

  /// Runs one statement.
  /// - Parameters:
  ///   - statement: A parsed statement.
  ///   - observer: Receives responses as they stream, for a shell that shows chunks as they arrive.
  /// - Returns: What happened; a failed statement is one ``SessionEvent/error(_:)`` and changed nothing.
  public func execute(_ statement: Statement, observer: (any ExchangeObserver)? = nil) -> [SessionEvent] {
    var events: [SessionEvent] = []
    execute(statement, observer: observer, into: &events)
    return events
  }

  /// Runs one statement and hands each event to `receive` as it is made: a shell shows each
  /// request of a sourced file as it ends, not all of them once the file ended.
  ///
  /// The events pass through a sink of this module's, so the engine's code is compiled for it
  /// here; handed a sink type of another module, it would run as generic code.
  package func execute(
    _ statement: Statement, observer: (any ExchangeObserver)?, each receive: @escaping (SessionEvent) -> Void
  ) {
    var sink = ForwardingSink(receive: receive)
    execute(statement, observer: observer, into: &sink)
  }

  /// Runs one statement and hands what happened to `sink`.
  /// - Returns: Whether the statement stops a file: it failed, quit, or sourced a file that did.
  @discardableResult
  func execute(
    _ statement: Statement, observer: (any ExchangeObserver)?, into sink: inout some SessionEventSink
  ) -> Bool {
    // A sourced file's statements are one statement's: a Ctrl-C during one stops the file (below).
    if sourceDepth == 0 { dispatcher.limits.cancellation?.reset() }
    do {
      let ran = try run(statement, observer: observer, into: &sink)
      if keepsTranscript, sourceDepth == 0, Self.isRecorded(statement.command) {
        // A sourced file's responses are checked by that file, not recorded after the `source` line.
        let isSource = if case .source = statement.command { true } else { false }
        transcript.record(statement, note: note(for: statement), recording: isSource ? nil : ran.recording)
      }
      return ran.stops
    } catch {
      // A request line that failed has no response: what comes after it must not read the one before.
      switch statement.command {
      case .request, .send:
        lastExchange = nil
        lastRequestFailed = true
      default: break
      }
      // Nothing reached the sink before the error: a failed statement is that one event.
      sink.receive(.error(error))
      return true
    }
  }

  /// The error for a statement that needs a response when there is none.
  func noResponse(_ context: SourceLine) -> SessionError {
    lastRequestFailed ? .requestFailed(context) : .noResponse(context)
  }

  /// What the engine itself needs of a statement that ran, once its events are gone.
  struct Ran {
    /// The response recorded as session lines, when responses are recorded.
    var recording: RecordedResponse?
    /// Whether the statement stops a file: `quit`, or a sourced file that stopped.
    var stops = false
  }

  /// A request line as written, before its variables are expanded.
  struct RequestLine {
    let method: String
    let target: Template
    let own: OwnRequestParts?
  }

  /// Whether `save` writes the statement: everything but commands that only look or leave.
  static func isRecorded(_ command: Command) -> Bool {
    switch command {
    case .show, .help, .save, .quit, .cookies(.show), .showCurl: return false
    default: return true
    }
  }

  func context(of statement: Statement) -> SourceLine {
    // Most statements are one line: then the line is the text itself, not a copy
    // (only a here-document's lines follow the first, so one line has no newline to look for).
    guard statement.lineCount > 1, let newline = statement.text.firstNewlineOffset else {
      return SourceLine(statement.location, line: statement.text)
    }
    return SourceLine(statement.location, line: String(Substring(statement.text.utf8.prefix(newline))))
  }

  /// Runs a statement, handing its events to `sink`: requests and expectations, most of a
  /// replay, one by one, as they come. Nothing reaches the sink from a statement that throws.
  func run(
    _ statement: Statement, observer: (any ExchangeObserver)?, into sink: inout some SessionEventSink
  ) throws(SessionError) -> Ran {
    let context = context(of: statement)
    let event: SessionEvent
    switch statement.command {
    case .request(let method, let target, let own):
      let expanded = try expand(target, context)
      lastRequestLine = RequestLine(method: method, target: target, own: own)
      return Ran(
        recording: try dispatch(method: method, target: expanded, own: own, context, observer: observer, into: &sink))
    case .send:
      guard let line = lastRequestLine else { throw .nothingToSend(context) }
      let target = try expand(line.target, context)
      return Ran(
        recording: try dispatch(
          method: line.method, target: target, own: line.own, context, observer: observer, into: &sink))
    case .expect(let expectation):
      guard let exchange = lastExchange else { throw noResponse(context) }
      sink.checked(try check(expectation, against: exchange, context))
      return Ran()
    case .source(let path, let statements):
      sourceDepth += 1
      defer { sourceDepth -= 1 }
      let cancellation = limits.cancellation
      for (index, inner) in statements.enumerated() {
        // A failed line stops the sourced file, as it stops a file run on its own.
        if execute(inner, observer: observer, into: &sink) { return Ran(stops: true) }
        // So does a Ctrl-C: the rest of the file is not run, as the rest of a repeat is not.
        if cancellation?.isCancelled == true, index + 1 < statements.count {
          sink.receive(.message("stopped by Ctrl-C: the rest of \(path) was not run"))
          return Ran(stops: true)
        }
      }
      return Ran()
    case .load(let spec, let name, let prefix):
      let load = try load(spec: spec, name: name, prefix: prefix, directory: directory(of: statement), context)
      guard let replacing = load.replacing else {
        event = load.loaded
        break
      }
      sink.receive(load.loaded)
      event = replacing
    case .use(let name):
      guard table.select(name) else { throw .unknownApp(name, loaded: appNames, context) }
      event = .appSelected(name)
    case .set(let key, let value): event = .message(try set(key, value, context))
    case .unset(let key): event = .message(unset(key))
    case .header(let name, let value): event = .message(try header(name, value, context))
    case .unheader(let name): event = .message(unheader(name))
    case .body(let source): event = .message(try body(source, context))
    case .form(let name, let value): event = .message(try form(name, value, context))
    case .auth(let authorization): event = .message(try auth(authorization, context))
    case .reset: event = .message(reset())
    case .capture(let name, let source):
      guard let exchange = lastExchange else { throw noResponse(context) }
      let value = try capture(name, from: source, in: exchange, context)
      variables[name] = value
      event = .captured(name: name, value: value)
    case .show(let topic, let full, let raw):
      event = .show(try show(topic, full: full, raw: raw, context))
    case .save(let path, let redact, let force):
      for event in try save(to: path, redact: redact, force: force, context) { sink.receive(event) }
      return Ran()
    case .help(let topic):
      event = .help(CommandHelp.text(for: topic, width: helpWidth))
    case .letVariable(let name, let value):
      variables[name] = try expand(value, context)
      event = .message("\(name) is defined")
    case .ignore(let rule):
      event = .message(try ignore(rule, context))
    case .redactHeader(let name):
      if !redactedHeaders.contains(where: { $0.lowercased() == name.lowercased() }) { redactedHeaders.append(name) }
      event = .message("save --redact replaces \(name) values with a variable")
    case .cookies(let action):
      event = cookies(action)
    case .follow(let on):
      followRedirects = on
      event = .message(on ? "redirects are followed, at most 10 hops" : "redirects are not followed")
    case .quit:
      sink.receive(.quit)
      return Ran(stops: true)
    case .showCurl(let baseURL):
      guard let last = lastDispatch else { throw .noResponse(context) }
      do {
        event = .help(try CurlExport(request: last.request, bodyFile: lastBodyFile).command(baseURL: baseURL))
      } catch {
        throw .fileFailed(path: lastBodyFile ?? "", reason: error.reason, context)
      }
    case .reload(let name):
      event = try reload(name, context, directory: directory(of: statement))
    case .repeatRequest(let count, let method, let target):
      event = try repeatRequest(count: count, method: method, target: target, context)
    case .debug:
      event = .message("debug opens pdb at the shell's terminal; here there is none")
    case .profile(let method, let target):
      try profiled(method: method, target: target, context, into: &sink)
      return Ran()
    }
    sink.receive(event)
    return Ran()
  }

  /// The folder of the statement's file, for specs and paths relative to it.
  func directory(of statement: Statement) -> String? {
    let file = statement.location.file
    guard file != "<prompt>", file.contains("/" as Character) else { return nil }
    return String(file[..<file.lastIndex(of: "/")!])
  }

  func expand(_ template: Template, _ context: SourceLine) throws(SessionError) -> String {
    do {
      return try template.expanded { name in
        if name.hasPrefix("env.") { return ProcessEnvironment.value(named: String(name.dropFirst(4))) }
        return variables[name]
      }
    } catch {
      throw .undefinedVariable(error.name, context)
    }
  }
}
