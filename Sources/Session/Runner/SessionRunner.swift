import AppLoaders
import Gateway

/// Runs session files as `gwsh run` does: every file parsed before any runs,
/// each file in a fresh session with no app loaded, failures reported with
/// where, what was expected and what came.
///
/// ```swift
/// let report = SessionRunner().run(["shop.gws"]) { print($0) }
/// exit(report.exitCode)
/// ```
public struct SessionRunner {
  /// Loads the apps the files name.
  public var loader: AppLoader
  /// Variables defined up front (`--var NAME=VALUE`).
  public var variables: [String: String]
  /// How long one dispatch may take.
  public var timeout: Duration
  /// Re-record the recorded blocks in place instead of checking them (`--update`).
  public var update: Bool
  /// How many files run at once (`--jobs`); their output still comes in file order.
  public var jobs: Int
  /// The largest response body accepted before the app is stopped (`--max-body`); `nil` for no limit.
  public var maxBody: Int? = 1 << 30
  /// Whether the report keeps a test case for every request (a JUnit report lists them all), or
  /// only those that failed: a replay of a million requests then keeps no memory per request.
  public var keepsEveryCase = true

  /// Creates a runner.
  /// - Parameters:
  ///   - loader: Loads the apps the files name (default: built-in apps, CGI programs and Python
  ///     apps from the working directory).
  ///   - variables: Variables defined up front.
  ///   - timeout: How long one dispatch may take (default 30 seconds).
  ///   - update: Re-record the recorded blocks in place.
  ///   - jobs: How many files run at once (default 1).
  public init(
    loader: AppLoader = AppLoader(), variables: [String: String] = [:],
    timeout: Duration = .seconds(30), update: Bool = false, jobs: Int = 1
  ) {
    self.loader = loader
    self.variables = variables
    self.timeout = timeout
    self.update = update
    self.jobs = max(1, jobs)
  }

  /// Runs the files in order.
  /// - Parameters:
  ///   - files: Session files.
  ///   - output: Receives each line to print: failures, errors, notes and the closing `N passed, M failed`.
  /// - Returns: The counts, the test cases and the exit status.
  public func run(_ files: [String], output: (String) -> Void) -> RunReport {
    var report = RunReport()
    var parsed: [(file: String, statements: [Statement])] = []
    for file in files {
      do {
        parsed.append((file, try SessionParser.parseFile(file)))
      } catch {
        output(error.description)
        report.couldNotRun = true
        report.cases.append(
          RunReport.TestCase(
            file: file, subject: .parse, time: .zero, failures: [], error: error.description, passed: 0))
      }
    }
    if report.couldNotRun {
      output("nothing was run: a file did not parse")
      output(report.summary)
      return report
    }
    runInFileOrder(parsed) { file, fileReport, fileOutput in
      fileOutput.forEach(output)
      report.merge(fileReport)
      if parsed.count > 1 {
        output("\(file): \(fileReport.passed) passed, \(fileReport.failed) failed")
      }
    }
    output(report.summary)
    return report
  }

  func run(_ file: String, _ statements: [Statement], into report: inout RunReport, output: (String) -> Void) {
    let engine = SessionEngine(loader: loader, variables: variables, timeout: timeout)
    engine.limits.responseLimit = maxBody
    engine.recordsResponses = update
    engine.keepsTranscript = Self.saves(statements)
    let lines = update ? SessionParser.lines(of: FileIO.readText(file) ?? "") : []
    let blocks = update ? RecordedBlocks(lines: lines, statements: statements, file: file) : RecordedBlocks()
    var sink = ReportSink(file: file)
    sink.keepsEveryCase = keepsEveryCase
    // The sink counts into this file's report; swapped, not copied, so its cases are appended in place.
    swap(&sink.report, &report)
    sink.report.cases.reserveCapacity(sink.report.cases.count + Self.requestCount(statements))
    // By index: each statement is read where it is, not copied out of the list.
    for index in statements.indices {
      if update {
        let location = statements[index].location
        let own = location.file == file
        if own, blocks.contains(line: location.line) { continue }
        sink.recordingLine = own ? location.line : nil
      }
      engine.execute(statements[index], observer: nil, into: &sink)
      if !sink.printed.isEmpty {
        sink.printed.forEach(output)
        sink.printed.removeAll()
      }
      if sink.stopped { break }
    }
    swap(&sink.report, &report)
    let recordings = sink.recordings
    if update, !blocks.blocks.isEmpty {
      let rewritten = blocks.rewrite(lines, recordings: recordings)
      do {
        try FileIO.write(rewritten.joined(separator: "\n") + "\n", to: file)
        output(
          "\(file): re-recorded \(blocks.blocks.filter { recordings[$0.dispatchLine ?? -1] != nil }.count) responses")
      } catch {
        output("\(file): could not write the update: \(error)")
        report.couldNotRun = true
      }
    }
  }

  /// Whether a `save` is among the statements (or the files they source), so the engine must keep its transcript.
  static func saves(_ statements: [Statement]) -> Bool {
    statements.contains { statement in
      switch statement.command {
      case .save: return true
      case .source(_, let inner): return saves(inner)
      default: return false
      }
    }
  }

  /// How many test cases the statements make at most: one per request line, the sourced files' included.
  static func requestCount(_ statements: [Statement]) -> Int {
    statements.reduce(0) { count, statement in
      switch statement.command {
      case .request, .send: return count + 1
      case .source(_, let inner): return count + requestCount(inner)
      default: return count
      }
    }
  }

  /// `line N` in the file being run, `FILE:N` in a file it sources.
  static func place(_ location: SourceLocation, in file: String) -> String {
    location.file == file ? "line \(location.line)" : "\(location.file):\(location.line)"
  }

  /// Errors that mean the file could not run as written (exit 2), not that the app behaved differently.
  static func preventsRunning(_ error: SessionError) -> Bool {
    switch error {
    case .noApp, .loadFailed, .unknownApp, .missingFile, .fileFailed: return true
    default: return error.isParseError
    }
  }

  /// A failed expectation as printed: where, the statement, then expected against actual or a diff.
  public static func describe(_ result: ExpectationResult) -> String {
    ExpectationReport.text(result)
  }
}
