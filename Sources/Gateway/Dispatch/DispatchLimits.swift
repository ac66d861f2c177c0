import Synchronization

/// How far one dispatch may go: time, size, and how much of it is kept.
public struct DispatchLimits: Sendable {
  /// How long the app may take; `nil` for no limit.
  public var timeout: Duration? {
    didSet { timeoutNanoseconds = timeout?.clampedNanoseconds }
  }
  /// `timeout`, as a dispatch compares it: converting it costs as much as a gateway call's checks.
  private(set) var timeoutNanoseconds: Nanoseconds?
  /// The most response body bytes accepted before the app is stopped; `nil` for no limit.
  public var responseLimit: Int?
  /// How the body and the errors output are kept.
  public var capture: CaptureLimits
  /// The most call trace entries kept; later calls are only counted.
  public var traceLimit: Int
  /// Set from another thread (a Ctrl-C handler) to stop the dispatch.
  public var cancellation: CancellationFlag?

  /// Creates limits.
  /// - Parameters:
  ///   - timeout: How long the app may take (default 30 seconds).
  ///   - responseLimit: The most response body bytes accepted.
  ///   - capture: How the body and errors are kept.
  ///   - traceLimit: The most call trace entries kept (default 100,000).
  ///   - cancellation: A flag that stops the dispatch when set.
  public init(
    timeout: Duration? = .seconds(30),
    responseLimit: Int? = nil,
    capture: CaptureLimits = CaptureLimits(),
    traceLimit: Int = 100_000,
    cancellation: CancellationFlag? = nil
  ) {
    self.timeout = timeout
    self.timeoutNanoseconds = timeout?.clampedNanoseconds
    self.responseLimit = responseLimit
    self.capture = capture
    self.traceLimit = traceLimit
    self.cancellation = cancellation
  }

}

/// A flag another thread sets to stop a running dispatch, such as a Ctrl-C handler.
public final class CancellationFlag: Sendable {
  private let flag = Atomic<Bool>(false)

  /// Creates a flag that is not set.
  public init() {}

  /// Asks the running dispatch to stop.
  public func cancel() { flag.store(true, ordering: .relaxed) }

  /// Clears the flag before the next dispatch.
  public func reset() { flag.store(false, ordering: .relaxed) }

  /// Whether a stop was asked for.
  public var isCancelled: Bool { flag.load(ordering: .relaxed) }
}
