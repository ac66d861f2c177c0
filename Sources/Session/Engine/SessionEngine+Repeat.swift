import Gateway

/// `repeat N REQUEST`: the same request dispatched N times, measured.
extension SessionEngine {
  /// Dispatches the request `count` times through the usual path (draft, mounts, cookies)
  /// and reports the spread of the dispatch times. A dispatch stopped by Ctrl-C ends
  /// the run early; what was measured until then is shown.
  func repeatRequest(
    count: Int, method: String, target: Template, _ context: SourceLine
  ) throws(SessionError) -> SessionEvent {
    let expanded = try expand(target, context)
    var sink = RepeatTimings()
    let started = ContinuousClock.now
    var stoppedEarly = false
    let cancellation = limits.cancellation
    for _ in 0..<count {
      // A Ctrl-C after a dispatch's last gateway call leaves it completed; it still ends the run here.
      if cancellation?.isCancelled == true {
        stoppedEarly = true
        break
      }
      _ = try dispatch(method: method, target: expanded, own: nil, context, observer: nil, into: &sink)
      if sink.cancelled {
        stoppedEarly = true
        break
      }
    }
    let elapsed = ContinuousClock.now - started
    return .message(Self.summary(sink, asked: count, elapsed: elapsed, stoppedEarly: stoppedEarly))
  }

  /// `profile REQUEST`: the request dispatched as a request line is; the shell arms the profiler and shows its report.
  func profiled(
    method: String, target: Template, _ context: SourceLine, into sink: inout some SessionEventSink
  ) throws(SessionError) {
    let expanded = try expand(target, context)
    lastRequestLine = RequestLine(method: method, target: target, own: nil)
    _ = try dispatch(method: method, target: expanded, own: nil, context, observer: nil, into: &sink)
  }

  static func summary(_ timings: RepeatTimings, asked: Int, elapsed: Duration, stoppedEarly: Bool) -> String {
    let sorted = timings.totals.sorted()
    guard !sorted.isEmpty else { return "repeat: nothing was measured" }
    func percentile(_ p: Double) -> Duration {
      // Nearest rank: the smallest time at least p of the requests took no longer than.
      sorted[min(sorted.count - 1, max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1))]
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let rate = seconds > 0 ? Double(sorted.count) / seconds : 0
    var text =
      "\(sorted.count) requests\(stoppedEarly ? " (stopped by Ctrl-C after \(sorted.count) of \(asked))" : "")"
      + " in \(milliseconds(elapsed)) · \(Int(rate.rounded())) requests/s\n"
      + "min \(milliseconds(sorted[0])) · p50 \(milliseconds(percentile(0.5))) · p90 \(milliseconds(percentile(0.9)))"
      + " · p99 \(milliseconds(percentile(0.99))) · max \(milliseconds(sorted[sorted.count - 1]))"
    if timings.unfinished > 0 || !timings.statuses.isEmpty {
      let statuses = timings.statuses.sorted { $0.key < $1.key }.map { "\($0.value)× \($0.key)" }
      text +=
        "\n"
        + (statuses + (timings.unfinished > 0 ? ["\(timings.unfinished) did not finish"] : []))
        .joined(separator: " · ")
    }
    return text
  }

  private static func milliseconds(_ duration: Duration) -> String {
    let value = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    if value >= 1000 { return String(Int((value / 10).rounded())).inserting(".", at: 2) + " s" }
    if value < 1 { return "\(Int((value * 1000).rounded())) µs" }
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(tenths % 10) ms"
  }
}

/// What `repeat` keeps of each dispatch: its time and how it ended, not the exchange.
struct RepeatTimings: SessionEventSink {
  var totals: [Duration] = []
  /// How many answered with each status line's code.
  var statuses: [String: Int] = [:]
  var unfinished = 0
  var cancelled = false

  mutating func dispatched(_ record: DispatchRecord) {
    let exchange = record.exchange
    totals.append(exchange.timings.total)
    if let status = exchange.status { statuses[String(status.prefix(3)), default: 0] += 1 }
    if !exchange.outcome.isCompleted { unfinished += 1 }
    if exchange.outcome == .stopped(.cancelled) { cancelled = true }
  }

  mutating func receive(_ event: SessionEvent) {}
}

extension String {
  fileprivate func inserting(_ text: String, at offset: Int) -> String {
    let index = self.index(endIndex, offsetBy: -offset)
    return String(self[..<index]) + text + self[index...]
  }
}
