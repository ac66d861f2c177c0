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
