import CSystemShims
import Glibc

/// Signals: handlers, masks, and raising one, in the one place that knows the C library's spelling of them.
package enum Signals {
  /// Runs `handler` when `number` arrives.
  /// - Parameter restartingCalls: Whether a system call the signal interrupts starts again
  ///   (`SA_RESTART`) rather than failing with `EINTR`.
  package static func install(_ handler: @convention(c) (Int32) -> Void, for number: Int32, restartingCalls: Bool) {
    _ = gwsh_set_signal_handler(number, handler, restartingCalls ? 1 : 0)
  }

  /// Lets `numbers` reach this thread, and the threads it starts from now on: a parent that
  /// started us from a thread blocking them passes its mask on.
  package static func unblock(_ numbers: [Int32]) {
    var unblocked = sigset_t()
    sigemptyset(&unblocked)
    for number in numbers { sigaddset(&unblocked, number) }
    pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
  }

  /// Runs `body` with every signal blocked on this thread, so the threads it starts inherit
  /// the full mask and a signal such as Ctrl-C's always reaches the main thread.
  package static func withAllBlocked<Result>(_ body: () -> Result) -> Result {
    var all = sigset_t()
    var previous = sigset_t()
    sigfillset(&all)
    pthread_sigmask(SIG_SETMASK, &all, &previous)
    defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
    return body()
  }

  /// Writes the signal's number to `descriptor` (a pipe): from a signal handler, where
  /// this is about all that may safely be done.
  package static func report(_ number: Int32, to descriptor: Int32) {
    var number = number
    _ = write(descriptor, &number, MemoryLayout<Int32>.size)
  }

  /// Restores `number`'s default action and raises it: ends the process the way the signal
  /// would have, so the exit status still says which signal.
  package static func raiseWithDefaultAction(_ number: Int32) {
    signal(number, SIG_DFL)
    raise(number)
  }

  /// Ignores SIGPIPE, once a process, so a child that exits before reading its input makes a
  /// write fail with EPIPE instead of killing gwsh.
  package static func ignoreBrokenPipes() { _ = ignoringBrokenPipes }

  private static let ignoringBrokenPipes: Void = {
    _ = signal(SIGPIPE, SIG_IGN)
  }()

  /// The signals gwsh names.
  package static let interrupt = SIGINT
  package static let terminate = SIGTERM
  package static let hangUp = SIGHUP
  package static let kill = SIGKILL
}
