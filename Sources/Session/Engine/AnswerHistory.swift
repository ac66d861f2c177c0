import JSON

/// The last answer to each request line sent, as the session records it (status, headers,
/// body, `ignore` rules applied), so `show diff` can say what changed since the request was
/// last sent: after a `reload`, or after a request that changed the app's state.
///
/// It holds at most ``byteLimit`` bytes of recordings: past that, the answers to the requests
/// sent longest ago go first, so a long session or a replay of a million requests stays bounded.
struct AnswerHistory {
  /// An answer, and which answer of the session it was (the first is 1).
  struct Answer {
    var recorded: RecordedResponse
    var number: Int
  }

  /// The most bytes of recorded answers kept.
  static let byteLimit = 4 << 20

  private var answers: [String: Answer] = [:]
  private var bytes = 0
  /// How many answers were recorded.
  private(set) var count = 0
  /// The request the last answer was to, that answer, and the one before it to the same request.
  private(set) var latest: (request: String, answer: Answer, previous: Answer?)?

  /// Keeps `recorded` as the last answer to `request` (its method and target).
  mutating func record(_ recorded: RecordedResponse, to request: String) {
    count += 1
    let answer = Answer(recorded: recorded, number: count)
    let previous = answers.updateValue(answer, forKey: request)
    bytes += recorded.text.utf8.count - (previous?.recorded.text.utf8.count ?? 0)
    latest = (request, answer, previous)
    if bytes > Self.byteLimit { forgetOldest() }
  }

  /// Drops the oldest answers until half the limit is used: sorting once per many answers costs
  /// less than finding the oldest on each.
  private mutating func forgetOldest() {
    for (request, answer) in answers.sorted(by: { $0.value.number < $1.value.number }) {
      guard bytes > Self.byteLimit / 2 else { break }
      // The latest answer stays: it is what `show diff` compares.
      if answer.number == count { continue }
      answers[request] = nil
      bytes -= answer.recorded.text.utf8.count
    }
  }
}

extension SessionEngine {
  /// The last answer against the one before it to the same request, for `show diff`.
  func answerComparison(_ context: SourceLine) throws(SessionError) -> AnswerComparison {
    guard let latest = answers.latest, !lastRequestFailed else { throw noResponse(context) }
    guard let previous = latest.previous else {
      return AnswerComparison(request: latest.request, answersAgo: nil, diff: [])
    }
    var diff = LineDiff.unified(
      expected: Self.comparable(previous.recorded.text), actual: Self.comparable(latest.answer.recorded.text))
    if diff.count >= 2 {
      diff[0] = "--- the answer before"
      diff[1] = "+++ the last answer"
    }
    return AnswerComparison(
      request: latest.request, answersAgo: latest.answer.number - previous.number, diff: diff)
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
