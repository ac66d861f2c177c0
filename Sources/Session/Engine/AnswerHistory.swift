import JSON

/// The last answers the session recorded (status, headers, body, `ignore` rules applied), so
/// `show diff` can say what changed since a request was last sent: after a `reload`, or after a
/// request that changed the app's state.
///
/// Recording one is an append, and the search for the earlier answer to the same request waits
/// for `show diff`: a replay of a million requests pays almost nothing for it. It holds the last
/// ``countLimit`` answers (up to a quarter more) and at most ``byteLimit`` bytes of them, the
/// oldest let go first.
struct AnswerHistory {
  /// An answer, the request it answered, and which answer of the session it was (the first is 1).
  struct Answer {
    var method: String
    var target: String
    var recorded: RecordedResponse
    var number: Int
  }

  /// The most answers kept.
  static let countLimit = 256
  /// The most bytes of recorded answers kept.
  static let byteLimit = 4 << 20

  /// The answers, oldest first. Up to a quarter more than ``countLimit`` are held, so the oldest
  /// are let go a batch at a time rather than one element shift per answer.
  private var kept: [Answer] = []
  private var bytes = 0
  /// How many answers were recorded.
  private(set) var count = 0

  /// Keeps `recorded` as the answer to `method` `target`.
  mutating func record(_ recorded: RecordedResponse, method: String, target: String) {
    count += 1
    kept.append(Answer(method: method, target: target, recorded: recorded, number: count))
    bytes += recorded.text.utf8.count
    if kept.count > Self.countLimit + Self.countLimit / 4 { forget(kept.count - Self.countLimit) }
    // The newest answer stays whatever its size: it is what `show diff` compares.
    if bytes > Self.byteLimit {
      var over = 0
      var excess = bytes - Self.byteLimit
      while excess > 0, over < kept.count - 1 {
        excess -= kept[over].recorded.text.utf8.count
        over += 1
      }
      forget(over)
    }
  }

  private mutating func forget(_ oldest: Int) {
    for answer in kept[..<oldest] { bytes -= answer.recorded.text.utf8.count }
    kept.removeFirst(oldest)
  }

  /// The last answer, and the one before it to the same request, if it is still kept.
  var latest: (answer: Answer, previous: Answer?)? {
    guard let answer = kept.last else { return nil }
    let previous = kept.dropLast().last { $0.method == answer.method && $0.target == answer.target }
    return (answer, previous)
  }
}

extension SessionEngine {
  /// The last answer against the one before it to the same request, for `show diff`.
  func answerComparison(_ context: SourceLine) throws(SessionError) -> AnswerComparison {
    guard let latest = answers.latest, !lastRequestFailed else { throw noResponse(context) }
    let request = latest.answer.method + " " + latest.answer.target
    guard let previous = latest.previous else {
      return AnswerComparison(request: request, answersAgo: nil, diff: [])
    }
    var diff = LineDiff.unified(
      expected: Self.comparable(previous.recorded.text), actual: Self.comparable(latest.answer.recorded.text))
    if diff.count >= 2 {
      diff[0] = "--- the answer before"
      diff[1] = "+++ the last answer"
    }
    return AnswerComparison(
      request: request, answersAgo: latest.answer.number - previous.number, diff: diff)
  }
}

extension SessionEngine {
  /// A recorded answer laid out for comparing: a JSON document on one line (as most APIs send it) is
  /// indented, a value a line, so a changed value shows as that line rather than as the whole body.
  static func comparable(_ recorded: String) -> String {
    var lines = recorded.splitAtLineFeeds()
    var changed = false
    for index in lines.indices {
      let line = lines[index]
      guard line.utf8.count > 80, let first = line.utf8.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "["),
        let pretty = JSONLayout.indented(Array(line.utf8))
      else { continue }
      lines[index] = String(decoding: pretty, as: UTF8.self)
      changed = true
    }
    return changed ? lines.joined(separator: "\n") : recorded
  }
}
