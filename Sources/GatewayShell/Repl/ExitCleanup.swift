import Gateway
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Removes the spilled bodies when a signal ends the shell (SIGTERM, SIGHUP, and
/// SIGINT when reading from a pipe), then lets the signal end it as it would have.
///
/// A signal handler may do almost nothing safely, so it only writes the signal's
/// number to a pipe; a thread of its own reads it, removes the files, restores the
/// signal's default and raises it again. The exit status still says which signal.
enum ExitCleanup {
  /// The pipe's ends: the handler writes to `[1]`, the cleaner reads `[0]`.
  nonisolated(unsafe) private static var wake: [Int32] = [-1, -1]
  private static let installed = Atomic<Bool>(false)

  /// Installs the handlers for `signals`, once a process.
  static func install(signals: [Int32]) {
    guard !installed.exchange(true, ordering: .relaxed) else { return }
    // A parent that started us from a thread blocking these signals passes the mask on; unblocked
    // before the cleaner's thread starts, so no thread of ours keeps them waiting.
    SignalHandler.unblock(signals)
    var ends: [Int32] = [-1, -1]
    guard pipe(&ends) == 0 else { return }
    _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
    _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
    wake = ends
    let reader = ends[0]
    runOnDedicatedThread {
      var number: Int32 = 0
      while true {
        let count = read(reader, &number, MemoryLayout<Int32>.size)
        if count < 0, errno == EINTR { continue }
        break
      }
      FileSpill.removeAll()
      signal(number, SIG_DFL)
      raise(number)
    }
    for number in signals { SignalHandler.install(handleExitSignal, for: number, restartingCalls: true) }
  }

  /// The write end, for the handler.
  fileprivate static var writer: Int32 { wake[1] }
}

private func handleExitSignal(_ number: Int32) {
  var number = number
  _ = write(ExitCleanup.writer, &number, MemoryLayout<Int32>.size)
}
