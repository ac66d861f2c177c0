import Gateway

/// Counts one file's events into its report as the engine makes them: a test
/// case per request, the expectations that held and failed, and the error that
/// stopped the file. It keeps no event, so a replay of thousands of requests
/// makes no list per statement.
struct ReportSink: SessionEventSink {
  /// The file being run.
  let file: String
  /// Its report so far.
  var report = RunReport()
  /// The line of the running statement when it is in `file` itself, for the responses `--update` records.
  var recordingLine: Int?
  /// The test case of the last request.
  var current: Int?
  /// Each recorded response, by the line of its request in `file`.
  var recordings: [Int: RecordedResponse] = [:]
  /// What to print, in order; the runner prints it after each statement.
  var printed: [String] = []
  /// Whether every request keeps its test case, or only those that failed.
  var keepsEveryCase = true
  /// Whether the file stops here (an error or `quit`): later events are not counted.
  var stopped = false
  /// Where the lines of a converted file came from: its errors then show the user's line, not the converted one.
  var map: LineMap?

  init(file: String) { self.file = file }

  /// Hands what the last statement printed to `output`, and forgets it.
  mutating func flush(to output: (String) -> Void) {
    guard !printed.isEmpty else { return }
    printed.forEach(output)
    printed.removeAll()
  }

  mutating func dispatched(_ record: DispatchRecord) {
    guard !stopped else { return }
    // A request's case starts with its own time; a redirect hop adds to it.
    if record.hop == 0 {
      // The last request's case goes when it passed and no one asked for every case.
      if !keepsEveryCase, let current, current == report.cases.count - 1, report.cases[current].failures.isEmpty,
        report.cases[current].error == nil
      {
        report.cases.removeLast()
      }
      report.cases.append(
        RunReport.TestCase(
          file: file,
          subject: .request(method: record.request.method, target: record.request.target, location: record.location),
          time: record.exchange.timings.total, failures: [], error: nil, passed: 0))
      current = report.cases.count - 1
    } else if let current {
      report.cases[current].time += record.exchange.timings.total
    }
    // A request that did not finish fails whatever its expectations say: a status that went out
    // before a timeout, or none at all, proves nothing about the app.
    if let unfinished = record.exchange.outcome.unfinished, let current {
      let text = VisibleText.escaped(
        "\(record.location): \(record.request.method) \(record.request.target) did not finish: \(unfinished)")
      report.failed += 1
      report.cases[current].failures.append(text)
      printed.append(text)
    }
  }

  mutating func checked(_ result: ExpectationResult) {
    guard !stopped else { return }
    if result.passed {
      report.passed += 1
      if let current { report.cases[current].passed += 1 }
    } else {
      report.failed += 1
      let text = SessionRunner.describe(result)
      printed.append(text)
      if let current { report.cases[current].failures.append(text) }
    }
  }

  mutating func receive(_ event: SessionEvent) {
    guard !stopped else { return }
    switch event {
    case .dispatched(let record): dispatched(record)
    case .expectation(let result): checked(result)
    case .recorded(let recording):
      if let recordingLine { recordings[recordingLine] = recording }
    case .error(let raised):
      // A statement's place is the user's already; the line shown under it is made the user's too.
      let error =
        map.map { map in raised.relocated { $0.location.file == file ? map.context(ofSource: $0) : $0 } } ?? raised
      printed.append(error.description)
      if let current {
        report.cases[current].error = error.description
      } else {
        // Failing before any request (an app that does not load) still shows up in the report.
        report.cases.append(
          RunReport.TestCase(
            file: file, subject: .beforeAnyRequest(line: error.context.location.line), time: .zero,
            failures: [], error: error.description, passed: 0))
      }
      if SessionRunner.preventsRunning(error) {
        report.couldNotRun = true
      } else {
        report.failed += 1
      }
      stopped = true
    case .quit:
      stopped = true
    default:
      break
    }
  }
}
