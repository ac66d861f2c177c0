/// An error that means the app's process died (killed by a signal, a worker
/// that exited mid-request), not that the app raised.
///
/// A loader's error conforms, so the exchange can tell a crash, which fails a
/// replay whatever was expected, from an exception the server answered 500 for.
public protocol AppCrash: Error {
  /// Whether this error is a crash; an error type with other cases says which.
  var isCrash: Bool { get }
}

extension AppCrash {
  /// Every error of a type that only describes crashes is one.
  public var isCrash: Bool { true }
}
