import Gateway
import Platform
import Synchronization

/// Ctrl-C for the shell: it never ends the process. While a line is typed it
/// clears the line; while a dispatch runs it stops the dispatch.
///
/// The handler only sets flags (all a signal handler may safely do); readline's
/// event hook and the dispatch's watchdog act on them.
enum Interrupts {
  /// Set by the handler, cleared by whoever acts on it.
  static let pending = Atomic<Bool>(false)
  /// The flag every dispatch of this process watches.
  static let cancellation = CancellationFlag()

  /// Installs the handler. Call once, on the main thread, before reading lines.
  static func install() {
    // Touch the globals first: their lazy initialisation must not happen inside the handler.
    _ = pending.load(ordering: .relaxed)
    _ = cancellation.isCancelled
    // Not restarting: readline's read must return EINTR so its event hook runs.
    Signals.install(handleInterrupt, for: Signals.interrupt, restartingCalls: false)
    Signals.unblock([Signals.interrupt])
  }

  /// Takes a pending interrupt, if any.
  static func take() -> Bool {
    pending.exchange(false, ordering: .relaxed)
  }
}

private func handleInterrupt(_ signal: Int32) {
  Interrupts.pending.store(true, ordering: .relaxed)
  Interrupts.cancellation.cancel()
}
