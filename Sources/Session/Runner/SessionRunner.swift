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
    run(sources: files.map(SessionSource.file), output: output)
  }

  /// Runs session files and converted files (a `.http` file's lines) in order, each named as the user named it.
  /// - Parameters:
  ///   - sources: The texts to run.
  ///   - output: Receives each line to print: failures, errors, notes and the closing `N passed, M failed`.
  /// - Returns: The counts, the test cases and the exit status.
  public func run(sources: [SessionSource], output: (String) -> Void) -> RunReport {
    var report = RunReport()
    var checked: [CheckedFile] = []
    // Why nothing runs: a file named on the command line that is not there is no parse error.
    var unread = false
    var unparsed = false
    for source in sources {
      let file = source.name
      do {
        checked.append(try CheckedFile(source))
      } catch {
        output(error.description)
        report.couldNotRun = true
        report.cases.append(Self.parseCase(file, error))
        if case .missingFile(file, _) = error { unread = true } else { unparsed = true }
      }
    }
    if report.couldNotRun {
      let reason =
        unread && unparsed
        ? "a file could not be read and one did not parse"
        : unread ? "a file could not be read" : "a file did not parse"
      output("nothing was run: " + reason)
      output(report.summary)
      return report
    }
    runInFileOrder(checked) { file, fileReport, fileOutput in
      fileOutput.forEach(output)
      report.merge(fileReport)
      if checked.count > 1 {
        output("\(file): \(fileReport.passed) passed, \(fileReport.failed) failed")
      }
    }
    output(report.summary)
    return report
  }

  /// What the first reading of a file found: that it parses, and what its run must prepare for.
  ///
  /// Every file is parsed whole before any runs, so one bad line runs nothing. A small file
  /// keeps its statements. A large one keeps only this outline, and its run reads the file a
  /// second time, running each statement as it is parsed: a replay of a million requests
  /// never holds its statements in memory at once.
  struct CheckedFile {
    let source: SessionSource
    var file: String { source.name }
    /// The statements of a file small enough to keep them; `nil` for one read again as it runs.
    var statements: [Statement]?
    /// Whether a `save` is among the statements (or the files they source), so the engine must keep its transcript.
    var saves = false
    /// How many test cases the statements make at most: one per request line, the sourced files' included.
    var requestCount = 0

    /// The largest file whose statements are kept: parsed statements take about ten times the
    /// file's size, and a second reading costs about a tenth of running a request.
    static let keptSize = 1 << 20

    init(_ source: SessionSource) throws(SessionError) {
      self.source = source
      var parser = try source.parser()
      // Only a regular file can be read twice: a pipe (`gwsh run <(...)`) is read once and kept.
      if let size = source.size, size > Self.keptSize {
        try parser.forEachStatement { statement in
          note(statement)
          return true
        }
      } else {
        let statements = try parser.parseAll()
        for statement in statements { note(statement) }
        self.statements = statements
      }
    }

    private mutating func note(_ statement: Statement) {
      saves = saves || SessionRunner.saves(statement)
      requestCount += SessionRunner.requestCount(statement)
    }
  }

  func run(_ checked: CheckedFile, into report: inout RunReport, output: (String) -> Void) {
    let file = checked.file
    let engine = SessionEngine(loader: loader, variables: variables, timeout: timeout)
    engine.limits.responseLimit = maxBody
    engine.recordsResponses = update
    engine.keepsTranscript = checked.saves
    var sink = ReportSink(file: file)
    sink.map = checked.source.converted?.map
    sink.keepsEveryCase = keepsEveryCase
    // The sink counts into this file's report; swapped, not copied, so its cases are appended in place.
    swap(&sink.report, &report)
    defer { swap(&sink.report, &report) }
    if keepsEveryCase { sink.report.cases.reserveCapacity(sink.report.cases.count + checked.requestCount) }
    do {
      if update, checked.source.isConverted {
        // A conversion has no recorded blocks to re-record, and the user's file is not a session file to rewrite.
        output("\(file): --update re-records session files; \(file) was run as it is and left unchanged")
      }
      if update, !checked.source.isConverted {
        try runUpdating(file, checked.statements, engine: engine, sink: &sink, output: output)
      } else if let statements = checked.statements {
        // By index: each statement is read where it is, not copied out of the list.
        for index in statements.indices {
          engine.execute(statements[index], observer: nil, into: &sink)
          sink.flush(to: output)
          if sink.stopped { break }
        }
      } else {
        var parser = try checked.source.parser()
        try parser.forEachStatement { statement in
          engine.execute(statement, observer: nil, into: &sink)
          sink.flush(to: output)
          return !sink.stopped
        }
      }
    } catch {
      // The file parsed a moment ago: it was changed while it ran.
      output("\(file) changed while it ran: \(error.description)")
      sink.report.couldNotRun = true
      sink.report.cases.append(Self.parseCase(file, error))
    }
  }

  /// Runs a file with `--update`: its statements all at once, since the recorded blocks are
  /// found among them, then the file rewritten with the responses that came.
  func runUpdating(
    _ file: String, _ kept: [Statement]?, engine: SessionEngine, sink: inout ReportSink, output: (String) -> Void
  ) throws(SessionError) {
    let statements: [Statement]
    if let kept { statements = kept } else { statements = try SessionParser.parseFile(file) }
    let lines = SessionParser.lines(of: FileIO.readText(file) ?? "")
    let blocks = RecordedBlocks(lines: lines, statements: statements, file: file)
    // By index: each statement is read where it is, not copied out of the list.
    for index in statements.indices {
      let location = statements[index].location
      let own = location.file == file
      if own, blocks.contains(line: location.line) { continue }
      sink.recordingLine = own ? location.line : nil
      engine.execute(statements[index], observer: nil, into: &sink)
      sink.flush(to: output)
      if sink.stopped { break }
    }
    let recordings = sink.recordings
    guard !blocks.blocks.isEmpty else { return }
    let rewritten = blocks.rewrite(lines, recordings: recordings)
    do {
      try FileIO.write(rewritten.joined(separator: "\n") + "\n", to: file)
      output(
        "\(file): re-recorded \(blocks.blocks.filter { recordings[$0.dispatchLine ?? -1] != nil }.count) responses")
    } catch {
      output("\(file): could not write the update: \(error)")
      sink.report.couldNotRun = true
    }
  }

  /// The test case of a file that did not parse.
  static func parseCase(_ file: String, _ error: SessionError) -> RunReport.TestCase {
    RunReport.TestCase(file: file, subject: .parse, time: .zero, failures: [], error: error.description, passed: 0)
  }

  /// Whether the statement is a `save`, or sources a file holding one, so the engine must keep its transcript.
  static func saves(_ statement: Statement) -> Bool {
    switch statement.command {
    case .save: return true
    case .source(_, let inner): return inner.contains(where: saves)
    default: return false
    }
  }

  /// How many test cases the statement makes at most: one for a request line, a sourced file's own.
  static func requestCount(_ statement: Statement) -> Int {
    switch statement.command {
    case .request, .send: return 1
    case .source(_, let inner): return inner.reduce(0) { $0 + requestCount($1) }
    default: return 0
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
