import Gateway

/// An app the loader made ready: what the user asked for, and the application to dispatch to.
public final class LoadedApp: Sendable {
  /// What was loaded.
  public let spec: AppSpec
  /// The application; dispatch, the validator, the call trace and capture treat it as any other.
  public let app: any Application
  private let stop: @Sendable () -> Void

  /// Creates a loaded app.
  /// - Parameters:
  ///   - spec: What was loaded.
  ///   - app: The application.
  ///   - stop: Stops what the app keeps running.
  public init(spec: AppSpec, app: any Application, stop: @escaping @Sendable () -> Void = {}) {
    self.spec = spec
    self.app = app
    self.stop = stop
  }

  /// Stops what the app keeps running (a Python worker). Dispatching afterwards starts it again.
  public func shutdown() { stop() }
}
