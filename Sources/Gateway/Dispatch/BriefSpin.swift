import Platform
import Synchronization

/// Looks for something another thread is about to do, for a few tens of
/// microseconds, before the caller sleeps waiting for it.
///
/// Handing a dispatch to its own thread and back wakes two sleeping threads,
/// and on a virtual CPU that went idle each wake-up took longer than the whole
/// dispatch: a watched dispatch of a trivial app took 21 µs. When the answer
/// comes within the spin, nobody sleeps. On one core the other thread needs
/// the CPU, so nothing spins.
///
/// Shared with the bridges, which wait for their worker process the same way.
package enum BriefSpin {
  private static let lookTime = Atomic<Int64>(ProcessEnvironment.availableProcessors > 1 ? 50_000 : 0)

  /// How long a look lasts before the caller sleeps: about a quick app's
  /// dispatch and the shell's work between two requests of a replay. It is 0,
  /// no look at all, on one core, where the other thread needs it. The shell
  /// sets it to 0 when told to (`GWSH_NO_SPIN`), for a machine so loaded that
  /// every look takes a core something else needs; the core reads no settings
  /// of its own. A bridge hands it to its worker, which looks the same way.
  package static var nanoseconds: Int64 {
    get { lookTime.load(ordering: .relaxed) }
    set { lookTime.store(max(newValue, 0), ordering: .relaxed) }
  }

  /// Asks `happened` until it says yes, for at most ``nanoseconds``.
  /// - Parameter happened: Whether the awaited thing happened; asked again and again, so it should be cheap.
  /// - Returns: Whether it said yes in time.
  /// - Throws: What `happened` throws.
  package static func until<Failure: Error>(_ happened: () throws(Failure) -> Bool) throws(Failure) -> Bool {
    try until(lookingFor: nanoseconds, happened)
  }

  /// Asks `happened` until it says yes, for at most `look` nanoseconds: for a caller that knows
  /// how long its answer usually takes (a bridge's worker).
  package static func until<Failure: Error>(
    lookingFor look: Int64, _ happened: () throws(Failure) -> Bool
  ) throws(Failure) -> Bool {
    guard look > 0 else { return try happened() }
    let giveUp = MonotonicClock.now() + look
    repeat {
      if try happened() { return true }
      // Lets a thread that waits for this core run: with more threads than cores
      // (`gwsh run --jobs`), the one being waited for may be it.
      Threads.yield()
    } while MonotonicClock.now() < giveUp
    return false
  }
}
