/// Receives a response as it streams, for a renderer that shows chunks as they
/// arrive or a server adapter that passes them on.
///
/// Calls come from the thread running the app, in order: the status and
/// headers once, then each non-empty body chunk; errors output whenever it is written.
///
/// An observer is an object: it keeps what it saw between calls, and a
/// dispatch holding it by reference copies one pointer where an arbitrary
/// value would be copied through its type's witnesses at every call.
public protocol ExchangeObserver: AnyObject, Sendable {
  /// The status and headers went out.
  func headersSent(status: String, headers: [HeaderField])
  /// A body chunk went out.
  func bodySent(_ bytes: [UInt8])
  /// Text went to `wsgi.errors`: the app's own, or the server's log of an error it raised.
  func errorsWritten(_ bytes: [UInt8])
}

extension ExchangeObserver {
  public func errorsWritten(_ bytes: [UInt8]) {}
}
