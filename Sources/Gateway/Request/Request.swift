/// A request as a user composes it: a method and target, headers, a body, and
/// raw environ entries that override what the server would set.
public struct Request: Sendable {
  /// The body of a request.
  public enum Body: Sendable {
    /// Bytes held in memory.
    case bytes([UInt8])
    /// Bytes read on demand, such as a large file: `count` bytes from what `open` returns.
    case stream(count: Int, open: @Sendable () throws -> any ByteSource)

    /// How many bytes the body holds.
    public var count: Int {
      switch self {
      case .bytes(let bytes): return bytes.count
      case .stream(let count, _): return count
      }
    }
  }

  /// The method, such as `GET`; any token is allowed.
  public var method: String
  /// The request target as typed: `/path?query`, or an absolute `http://host/path`.
  public var target: String
  /// The request headers, in order.
  public var headers: [HeaderField]
  /// The body.
  public var body: Body
  /// Raw environ entries, applied last and in order; `nil` removes the key.
  public var overrides: [(key: String, value: EnvironValue?)]

  /// Creates a request.
  /// - Parameters:
  ///   - method: The method (default `GET`).
  ///   - target: The path and query (default `/`).
  ///   - headers: The headers.
  ///   - body: The body (default empty).
  ///   - overrides: Raw environ entries applied last; `nil` removes a key.
  public init(
    method: String = "GET",
    target: String = "/",
    headers: [HeaderField] = [],
    body: Body = .bytes([]),
    overrides: [(key: String, value: EnvironValue?)] = []
  ) {
    self.method = method
    self.target = target
    self.headers = headers
    self.body = body
    self.overrides = overrides
  }
}
