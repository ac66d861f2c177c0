import Gateway
import Platform

/// How long gwsh looks for the worker's answer to a request before it sleeps.
///
/// The shell's brief look (``BriefSpin``, 50 µs) covers a trivial app, but a
/// real one (a Flask view: 150 µs or more) answers after it, when gwsh sleeps
/// in `poll`, and waking from there took about as long again on this virtual
/// CPU as the app's own work. A worker serves one app, whose requests take
/// about as long each time, so the look lasts as long as the last answer took
/// (a quarter more), up to ``longest``: past that the wake-up is a small part
/// of the wait, and looking would only take a core from the machine.
struct AnswerLook {
  /// The longest look, in nanoseconds.
  static let longest: Int64 = 500_000

  /// When the request went out, while its first event has not come.
  private var sentAt: Int64?
  /// How long the last request took to answer, in nanoseconds.
  private var lastAnswer: Int64 = 0

  /// A request went out now.
  mutating func sent() { sentAt = MonotonicClock.now() }

  /// An event came; the first after a request says how long the app took.
  mutating func eventCame() {
    guard let sentAt else { return }
    lastAnswer = MonotonicClock.now() - sentAt
    self.sentAt = nil
  }

  /// How long to look for the next event: longer while a request's first event is awaited.
  var nanoseconds: Int64 {
    let brief = BriefSpin.nanoseconds
    // Never where nothing may look (one core, GWSH_NO_SPIN), nor for an app slower than the longest look.
    guard brief > 0, sentAt != nil, lastAnswer <= Self.longest else { return brief }
    return min(max(brief, lastAnswer + lastAnswer / 4), Self.longest)
  }

  /// Asks `happened` until it says yes, for at most ``nanoseconds``, yielding the core between asks as ``BriefSpin`` does.
  /// - Returns: Whether it said yes in time.
  func until<Failure: Error>(_ happened: () throws(Failure) -> Bool) throws(Failure) -> Bool {
    try BriefSpin.until(lookingFor: nanoseconds, happened)
  }
}
