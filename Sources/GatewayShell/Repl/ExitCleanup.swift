import Gateway
import Platform
import Session
import Synchronization

/// Removes the spilled bodies, stops the children still running and writes out held output
/// and journal text when a signal ends the shell (SIGTERM, SIGHUP, and SIGINT when reading
/// from a pipe), then lets the signal end it as it would have.
///
/// A signal handler may do almost nothing safely, so it only writes the signal's
/// number to a pipe; a thread of its own reads it, removes the files, restores the
/// signal's default and raises it again. The exit status still says which signal.
enum ExitCleanup {
  /// The pipe, kept open for the life of the process: the handler writes to its write end, the cleaner reads.
  nonisolated(unsafe) private static var wake: (read: OwnedDescriptor, write: OwnedDescriptor)?
  /// The write end's number, for the handler, which must not touch a reference count.
  nonisolated(unsafe) fileprivate static var writer: Int32 = -1
  private static let installed = Atomic<Bool>(false)
  /// What runs before the shell ends by a signal: writing out what output and the journal hold.
  private static let actions = Mutex<[@Sendable () -> Void]>([])

  /// Runs `action` when a signal ends the shell, on the cleaner's thread, before the bodies go.
  static func beforeExit(_ action: @escaping @Sendable () -> Void) {
    actions.withLock { $0.append(action) }
  }

  /// Installs the handlers for `signals`, once a process.
  static func install(signals: [Int32]) {
    guard !installed.exchange(true, ordering: .relaxed) else { return }
    // A parent that started us from a thread blocking these signals passes the mask on; unblocked
    // before the cleaner's thread starts, so no thread of ours keeps them waiting.
    Signals.unblock(signals)
    guard let ends = try? OwnedDescriptor.pipe() else { return }
    wake = ends
    writer = ends.write.fd
    runOnDedicatedThread {
      var number = [UInt8](repeating: 0, count: MemoryLayout<Int32>.size)
      _ = try? ends.read.readSome(into: &number)
      for action in actions.withLock({ $0 }) { action() }
      // A request or a load under way when the terminal closed: its worker or CGI program goes with the shell.
      ChildLedger.stopAll()
      FileSpill.removeAll()
      Signals.raiseWithDefaultAction(number.withUnsafeBytes { $0.loadUnaligned(as: Int32.self) })
    }
    for number in signals { Signals.install(handleExitSignal, for: number, restartingCalls: true) }
  }

}

private func handleExitSignal(_ number: Int32) {
  Signals.report(number, to: ExitCleanup.writer)
}
