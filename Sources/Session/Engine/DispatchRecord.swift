import Gateway

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
