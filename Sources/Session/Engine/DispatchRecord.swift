import Gateway

/// One dispatch and its outcome.
///
/// A class, never changed once made: the event that carries it is handed from the engine to
/// each sink, and copying a request and an exchange at every step cost about a dozen reference
/// counts each time.
public final class DispatchRecord: Sendable {
  /// The request as dispatched, variables expanded and cookies added.
  public let request: Request
  /// The name of the app it went to.
  public let appName: String
  /// 0 for the request itself, 1 and up for the redirects followed.
  public let hop: Int
  /// Everything the app did.
  public let exchange: Exchange
  /// The statement that made the request.
  public let location: SourceLocation

  init(request: consuming Request, appName: String, hop: Int, exchange: Exchange, location: SourceLocation) {
    self.request = request
    self.appName = appName
    self.hop = hop
    self.exchange = exchange
    self.location = location
  }
}
