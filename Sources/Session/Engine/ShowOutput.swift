import Gateway

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
