import Gateway

/// What running a statement produced, for a shell to render or a runner to count.
/// The engine never prints; everything it has to say is one of these.
public enum SessionEvent: Sendable {
  /// An app was loaded (and made current unless it was mounted at a prefix).
  case appLoaded(name: String, spec: String, prefix: String?)
  /// `use` made an app current.
  case appSelected(String)
  /// A request was dispatched: the first, or a redirect hop when following.
  case dispatched(DispatchRecord)
  /// The response of the last dispatch recorded as session lines, as `save` and a journal write them.
  case recorded([String])
  /// An expectation was checked.
  case expectation(ExpectationResult)
  /// A capture stored a variable.
  case captured(name: String, value: String)
  /// What `show` asked for.
  case show(ShowOutput)
  /// Help text.
  case help(String)
  /// A short note on what a command did (`header set`, `cookies off`).
  case message(String)
  /// The statement failed; nothing of it was applied.
  case error(SessionError)
  /// `save` wrote a file.
  case saved(path: String)
  /// `quit`: the shell ends, a file stops here.
  case quit
}

/// One dispatch and its outcome.
public struct DispatchRecord: Sendable {
  /// The request as dispatched, variables expanded and cookies added.
  public var request: Request
  /// The name of the app it went to.
  public var appName: String
  /// 0 for the request itself, 1 and up for the redirects followed.
  public var hop: Int
  /// Everything the app did.
  public var exchange: Exchange
  /// The statement that made the request.
  public var location: SourceLocation
}

/// The result of one `expect`.
public struct ExpectationResult: Sendable, Equatable {
  /// The `expect` statement.
  public var location: SourceLocation
  /// The statement's first line, as written.
  public var statement: String
  /// Whether it held.
  public var passed: Bool
  /// What was expected, in the session's own words (`Content-Type: text/html`, `status 200`).
  public var expected: String
  /// What came.
  public var actual: String
  /// For a body or errors that differ as text: a unified diff, `-` expected, `+` actual.
  public var diff: [String]
}

/// What `show` asked for.
public enum ShowOutput: Sendable {
  /// The environ the next request would get.
  case environ(Environ)
  /// The request draft, as the next `send` would send it.
  case request(RequestPreview)
  /// The last exchange; `full` asks for the whole body.
  case response(Exchange, full: Bool)
  /// The last exchange, for its call trace.
  case trace(Exchange)
  /// The cookie jar, and whether it is on.
  case cookies([Cookie], enabled: Bool)
}

/// The request the next `send` would make.
public struct RequestPreview: Sendable {
  /// The method and target of the last request line, or `GET /` before any.
  public var method: String
  /// The target.
  public var target: String
  /// The headers, the jar's cookies included.
  public var headers: [HeaderField]
  /// The body: its bytes when in memory, or the file it comes from.
  public var body: BodySource?
  /// The raw environ entries; `nil` removes a key.
  public var overrides: [(key: String, value: EnvironValue?)]
  /// The app it would go to, when one is loaded.
  public var appName: String?
}
