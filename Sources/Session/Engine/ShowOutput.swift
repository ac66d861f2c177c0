import Gateway
import Platform

/// What `show` asked for.
public enum ShowOutput: Sendable {
  /// The environ the next request would get, the jar's cookies in `HTTP_COOKIE`.
  case environ(Environ)
  /// The request draft, as the next `send` would send it.
  case request(RequestPreview)
  /// The last exchange; `full` asks for the whole body, `raw` for a coded body as sent rather than decoded.
  case response(Exchange, full: Bool, raw: Bool = false)
  /// The last exchange, for its call trace.
  case trace(Exchange)
  /// The cookie jar, and whether it is on.
  case cookies([Cookie], enabled: Bool)
  /// The last answer against the one before it to the same request.
  case diff(AnswerComparison)
}

/// `show diff`: the last answer against the one before it to the same request, both as the session
/// records them (so `ignore` rules leave out what changes on every run).
public struct AnswerComparison: Sendable, Equatable {
  /// The request, as its line named it: `GET /items?limit=2`.
  public var request: String
  /// How many answers before the last the earlier one came; `nil` when the request was not sent
  /// before in this session (or so long ago that its answer was let go).
  public var answersAgo: Int?
  /// The unified diff from the earlier answer to the last, from `---` on; empty when they are the same.
  public var diff: [String]
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

extension SessionEngine {
  /// The request the next `send` makes, as the dispatch makes it: the draft's headers, body and raw
  /// entries, then the cookies the jar holds for the app it goes to (joined to a `Cookie` header the
  /// draft sets), so `show env` and `show request` show the `HTTP_COOKIE` the app will get.
  /// - Returns: The request, and the app it goes to (`nil` when none is loaded).
  func nextRequest(_ context: SourceLine) throws(SessionError) -> (request: Request, appName: String?) {
    let method = lastRequestLine?.method ?? "GET"
    let target = try lastRequestLine.map { line throws(SessionError) in try expand(line.target, context) } ?? "/"
    var request = try buildRequest(method: method, target: target, context)
    let appName = try? route(target, context).name
    if cookiesEnabled, let appName,
      let cookies = jar.header(for: appName, path: Self.path(of: target), now: WallClock.secondsSinceEpoch)
    {
      if let index = request.headers.firstIndex(where: { $0.name.lowercased() == "cookie" }) {
        request.headers[index].value += "; " + cookies
      } else {
        request.headers.append(HeaderField("Cookie", cookies))
      }
    }
    return (request, appName)
  }
}
