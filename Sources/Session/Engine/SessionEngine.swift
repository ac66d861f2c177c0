import Gateway
import JSON

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The state of a session and the statements that change it: loaded apps and
/// their mounts, the request draft, variables and captures, the cookie jar,
/// redirects, the last exchange, and the transcript `save` writes.
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
  /// A loaded app. A class, so that finding the app a request goes to copies
  /// one reference rather than its name, spec, app and shutdown one by one.
  final class LoadedApp {
    let name: String
    let spec: String
    let app: any Application
    let shutdown: @Sendable () -> Void

    init(name: String, spec: String, app: any Application, shutdown: @escaping @Sendable () -> Void) {
      self.name = name
      self.spec = spec
      self.app = app
      self.shutdown = shutdown
    }
  }

  /// What persists between requests until `reset`.
  struct Draft {
    var headers: [(name: String, value: Template)] = []
    var body: BodySource?
    var overrides: [(key: String, value: Template?)] = []
    /// `form` fields: with any, the body is a multipart form of them.
    var form: [(name: String, value: FormValue)] = []
    /// `auth`: sent as the Authorization header.
    var authorization: Authorization?
  }

  // The properties each request reads are marked `@exclusivity(unchecked)`: every read of a class's
  // property is otherwise checked at run time for an overlapping write (~600 instructions a request
  // in a replay). The engine is used from one thread, and no statement holds one of them while
  // calling out (an app or observer cannot reach the engine during a dispatch).
  let resolver: any AppResolver
  @exclusivity(unchecked) var apps: [LoadedApp] = []
  @exclusivity(unchecked) var currentApp: String?
  @exclusivity(unchecked) var mounted: [(prefix: String, name: String)] = []
  @exclusivity(unchecked) var draft = Draft()
  @exclusivity(unchecked) var lastRequestLine: (method: String, target: Template, own: OwnRequestParts?)?
  /// The last request as dispatched, cookies included, and the file its body came from whole, for `show curl`.
  var lastRequest: (request: Request, bodyFile: String?)?
  /// Variables from `let`, `--var` and captures.
  public internal(set) var variables: [String: String]
  @exclusivity(unchecked) var jar = CookieJar()
  @exclusivity(unchecked) var cookiesEnabled = true
  @exclusivity(unchecked) var followRedirects = false
  /// The last response (the last hop when following redirects).
  @exclusivity(unchecked) public internal(set) var lastExchange: Exchange?
  @exclusivity(unchecked) var ignoredHeaders: [String] = []
  /// The `ignore json`, `ignore body` and `ignore errors` rules in force.
  var ignoreMask = IgnoreMask()
  var redactedHeaders: [String] = []
  var transcript: [String] = []
  /// Each header statement in the transcript, for `save --redact`: its value, and the variables it was built from.
  var headerStatements: [(index: Int, name: String, value: String, variables: [String])] = []
  /// Each statement in the transcript that names a file relative to a folder, for `save` to another folder.
  var relativePaths: [RelativePath] = []
  /// Each `let` and `capture` in the transcript, for `save --redact`, which leaves out a secret's
  /// `let` lines when they hold the value itself (no `{{...}}`).
  var definitions: [(index: Int, name: String, kind: VariableDefinition)] = []
  /// What `save` keeps beside the transcript: the body lines, and the files this session wrote.
  var saving = SaveState()
  @exclusivity(unchecked) var sourceDepth = 0
  /// Whether statements are kept for `save`. A runner turns it off for a file
  /// with no `save`: a long replay would otherwise hold every line twice.
  @exclusivity(unchecked) var keepsTranscript = true
  /// The last body parsed as JSON, keyed by its size and digest.
  var parsedBody: (key: String, result: Result<JSONValue, JSONParseError>)?
  /// The last coded body decoded for expectations, so several `expect` lines decode it once.
  var decodedBody: (key: String, body: CapturedBytes)?

  /// The limits every dispatch runs under; the timeout is how long one dispatch may take.
  public var limits: DispatchLimits {
    get { dispatcher.limits }
    set { dispatcher.limits = newValue }
  }
  /// Dispatches every request of the session, so that what it remembers from
  /// one (the last status and headers that passed the checks) serves the next.
  @exclusivity(unchecked) var dispatcher: Dispatcher
  /// Set it (from a Ctrl-C handler) to stop the running dispatch. Whatever flag `limits.cancellation`
  /// holds (this one unless replaced) is cleared before each dispatch.
  public let cancellation = CancellationFlag()

  /// Whether each dispatch is recorded as `expect` lines (what `save`, the
  /// journal and `gwsh run --update` write). A replay that only checks turns it
  /// off: recording costs more than the dispatch itself.
  @exclusivity(unchecked) public var recordsResponses = true

  /// Creates a session with no app loaded.
  /// - Parameters:
  ///   - resolver: Loads the apps `load` names (default: the built-in apps only).
  ///   - variables: Variables defined up front, as `--var NAME=VALUE` does.
  ///   - timeout: How long one dispatch may take.
  public init(
    resolver: any AppResolver = BuiltinAppResolver(), variables: [String: String] = [:],
    timeout: Duration = .seconds(30)
  ) {
    self.resolver = resolver
    self.variables = variables
    var limits = DispatchLimits(
      timeout: timeout, capture: CaptureLimits(makeSpill: { try? FileSpill(anonymousUpTo: 1 << 30) }))
    limits.cancellation = cancellation
    self.dispatcher = Dispatcher(limits: limits)
  }

  deinit {
    for app in apps { app.shutdown() }
  }

  /// The names of the loaded apps, in load order.
  public var appNames: [String] { apps.map(\.name) }

  /// The app requests go to when no mount prefix matches.
  public var currentAppName: String? { currentApp }

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

  /// Runs one statement and hands what happened to `sink`.
  /// - Returns: Whether the statement stops a file: it failed, quit, or sourced a file that did.
  @discardableResult
  func execute(
    _ statement: Statement, observer: (any ExchangeObserver)?, into sink: inout some SessionEventSink
  ) -> Bool {
    do {
      let ran = try run(statement, observer: observer, into: &sink)
      if keepsTranscript, sourceDepth == 0, Self.isRecorded(statement.command) {
        if case .header(let name, let value) = statement.command,
          let expanded = try? expand(value, context(of: statement))
        {
          let variables = value.expands ? Template.references(in: value.text).map(\.name) : []
          headerStatements.append((transcript.count, name, expanded, variables))
        } else if case .auth(let authorization) = statement.command,
          let expanded = try? authorizationValue(authorization, context(of: statement))
        {
          // Saved as the header it sends, so `save --redact` hides it as it hides that header.
          let templates: [Template]
          switch authorization {
          case .basic(let user, let password): templates = [user, password]
          case .bearer(let token): templates = [token]
          }
          let variables = templates.flatMap { $0.expands ? Template.references(in: $0.text).map(\.name) : [] }
          headerStatements.append((transcript.count, "Authorization", expanded, variables))
        } else if case .letVariable(let name, let value) = statement.command {
          definitions.append((transcript.count, name, value.hasVariables ? .derivedLet : .literalLet))
        } else if case .capture(let name, _) = statement.command {
          definitions.append((transcript.count, name, .capture))
        } else if let path = RelativePath(
          of: statement, index: transcript.count,
          loadFolder: resolver.folder(relativeTo: RelativePath.isPythonLoad(statement) ? nil : directory(of: statement))
        ) {
          relativePaths.append(path)
        }
        saving.note(statement.command, at: transcript.count)
        transcript.append(statement.text)
        // A sourced file's responses are checked by that file, not recorded after the `source` line.
        if case .source = statement.command {
        } else if let recording = ran.recording {
          transcript.append(contentsOf: recording)
        }
      }
      return ran.stops
    } catch {
      // Nothing reached the sink before the error: a failed statement is that one event.
      sink.receive(.error(error))
      return true
    }
  }

  /// What the engine itself needs of a statement that ran, once its events are gone.
  struct Ran {
    /// The response recorded as session lines, when responses are recorded.
    var recording: [String]?
    /// Whether the statement stops a file: `quit`, or a sourced file that stopped.
    var stops = false
  }

  /// Whether `save` writes the statement: everything but commands that only look or leave.
  static func isRecorded(_ command: Command) -> Bool {
    switch command {
    case .show, .help, .save, .quit, .cookies(.show), .showCurl: return false
    default: return true
    }
  }

  func context(of statement: Statement) -> SourceContext {
    // Most statements are one line: then the line is the text itself, not a copy
    // (only a here-document's lines follow the first, so one line has no newline to look for).
    guard statement.lineCount > 1, let newline = statement.text.firstNewlineOffset else {
      return SourceContext(statement.location, line: statement.text)
    }
    return SourceContext(statement.location, line: String(Substring(statement.text.utf8.prefix(newline))))
  }

  /// Runs a statement, handing its events to `sink`: requests and expectations,
  /// most of a replay, one by one; the other commands make a list of their own.
  /// Nothing reaches the sink from a statement that throws.
  func run(
    _ statement: Statement, observer: (any ExchangeObserver)?, into sink: inout some SessionEventSink
  ) throws(SessionError) -> Ran {
    let context = context(of: statement)
    switch statement.command {
    case .request(let method, let target, let own):
      let expanded = try expand(target, context)
      lastRequestLine = (method, target, own)
      return Ran(
        recording: try dispatch(method: method, target: expanded, own: own, context, observer: observer, into: &sink))
    case .send:
      guard let line = lastRequestLine else { throw .nothingToSend(context) }
      let target = try expand(line.target, context)
      return Ran(
        recording: try dispatch(
          method: line.method, target: target, own: line.own, context, observer: observer, into: &sink))
    case .expect(let expectation):
      guard let exchange = lastExchange else { throw .noResponse(context) }
      sink.checked(try check(expectation, against: exchange, context))
      return Ran()
    case .source(_, let statements):
      sourceDepth += 1
      defer { sourceDepth -= 1 }
      // A failed line stops the sourced file, as it stops a file run on its own.
      for inner in statements where execute(inner, observer: observer, into: &sink) { return Ran(stops: true) }
      return Ran()
    default:
      for event in try run(statement.command, context, directory: directory(of: statement)) { sink.receive(event) }
      return Ran(stops: statement.command == .quit)
    }
  }

  /// Runs the commands that neither dispatch, check nor source.
  func run(_ command: Command, _ context: SourceContext, directory: String?) throws(SessionError) -> [SessionEvent] {
    switch command {
    case .request, .send, .expect, .source:
      preconditionFailure("run(_:observer:into:) runs \(command)")
    case .load(let spec, let name, let prefix):
      return try load(spec: spec, name: name, prefix: prefix, directory: directory, context)
    case .use(let name):
      guard apps.contains(where: { $0.name == name }) else { throw .unknownApp(name, loaded: appNames, context) }
      currentApp = name
      return [.appSelected(name)]
    case .set(let key, let value):
      _ = try expand(value, context)
      draft.overrides.removeAll { $0.key == key }
      draft.overrides.append((key, value))
      return [.message("\(key) is set for the following requests")]
    case .unset(let key):
      draft.overrides.removeAll { $0.key == key }
      draft.overrides.append((key, nil))
      return [.message("\(key) is removed from the following requests")]
    case .header(let name, let value):
      _ = try expand(value, context)
      if name.lowercased() == "authorization" { draft.authorization = nil }
      draft.headers.removeAll { $0.name.lowercased() == name.lowercased() }
      draft.headers.append((name, value))
      return [.message("\(name) is sent with the following requests")]
    case .unheader(let name):
      let before = draft.headers.count + (draft.authorization == nil ? 0 : 1)
      draft.headers.removeAll { $0.name.lowercased() == name.lowercased() }
      if name.lowercased() == "authorization" { draft.authorization = nil }
      return [.message(before == draft.headers.count ? "no header \(name) was set" : "\(name) is no longer sent")]
    case .body(let source):
      if case .text(let template)? = source { _ = try expand(template, context) }
      draft.body = source
      draft.form = []
      return [.message(source == nil ? "the body is empty" : "the body is set for the following requests")]
    case .capture(let name, let source):
      guard let exchange = lastExchange else { throw .noResponse(context) }
      let value = try capture(name, from: source, in: exchange, context)
      variables[name] = value
      return [.captured(name: name, value: value)]
    case .show(let topic, let full, let raw):
      return [.show(try show(topic, full: full, raw: raw, context))]
    case .reset:
      draft = Draft()
      return [.message("the request draft is cleared: no headers, no body, no raw environ entries")]
    case .save(let path, let redact, let force):
      return try save(to: path, redact: redact, force: force, context)
    case .help(let topic):
      return [.help(CommandHelp.text(for: topic))]
    case .letVariable(let name, let value):
      variables[name] = try expand(value, context)
      return [.message("\(name) is defined")]
    case .ignore(let rule):
      return [.message(try ignore(rule, context))]
    case .redactHeader(let name):
      if !redactedHeaders.contains(where: { $0.lowercased() == name.lowercased() }) { redactedHeaders.append(name) }
      return [.message("save --redact replaces \(name) values with a variable")]
    case .cookies(let action):
      return cookies(action)
    case .follow(let on):
      followRedirects = on
      return [.message(on ? "redirects are followed, at most 10 hops" : "redirects are not followed")]
    case .quit:
      return [.quit]
    case .form(let name, let value):
      if case .text(let template) = value { _ = try expand(template, context) }
      draft.form.append((name, value))
      draft.body = nil
      return [.message("the body is a multipart form of \(draft.form.count) field\(draft.form.count == 1 ? "" : "s")")]
    case .auth(let authorization):
      _ = try authorizationValue(authorization, context)
      draft.authorization = authorization
      draft.headers.removeAll { $0.name.lowercased() == "authorization" }
      return [.message("Authorization is sent with the following requests")]
    case .showCurl(let baseURL):
      guard let last = lastRequest else { throw .noResponse(context) }
      do {
        return [.help(try CurlExport(request: last.request, bodyFile: last.bodyFile).command(baseURL: baseURL))]
      } catch {
        throw .fileFailed(path: last.bodyFile ?? "", reason: error.reason, context)
      }
    case .reload(let name):
      return try reload(name, context, directory: directory)
    case .repeatRequest(let count, let method, let target):
      return try repeatRequest(count: count, method: method, target: target, context)
    case .debug: return [.message("debug opens pdb at the shell's terminal; here there is none")]
    case .profile(let method, let target): return try profiled(method: method, target: target, context)
    }
  }

  /// The folder of the statement's file, for specs and paths relative to it.
  func directory(of statement: Statement) -> String? {
    let file = statement.location.file
    guard file != "<prompt>", file.contains("/" as Character) else { return nil }
    return String(file[..<file.lastIndex(of: "/")!])
  }

  func expand(_ template: Template, _ context: SourceContext) throws(SessionError) -> String {
    do {
      return try template.expanded { name in
        if name.hasPrefix("env.") { return getenv(String(name.dropFirst(4))).map { String(cString: $0) } }
        return variables[name]
      }
    } catch {
      throw .undefinedVariable(error.name, context)
    }
  }
}
