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
