import ArgumentParser
import Platform
import Session

/// `gwsh run FILE...`: replay session files and scenarios.
struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run session files: replay saved sessions and scripted scenarios.",
    discussion: """
      Every file is parsed before any runs; a file that does not parse runs nothing. Each file starts \
      with no app loaded. For each expectation that fails, the file and line, what was expected and \
      what came are printed, then 'N passed, M failed'. A request that did not finish \
      (timed out, stopped at --max-body, cancelled, or its app crashed) fails too. Exit status: 0 \
      when all held, 1 when an expectation failed or a request did not finish, 2 when a file could not \
      be read or parsed or an app could not be loaded.
      """
  )

  @Argument(help: "Session files, run in order.")
  var files: [String]

  @Flag(help: "Re-record the recorded responses in place, keeping comments and hand-written lines.")
  var update = false

  @Option(help: ArgumentHelp("Write a JUnit XML report (one test case per request).", valueName: "path"))
  var junit: String?

  @Option(name: .customLong("var"), help: ArgumentHelp("Define a variable for {{NAME}}.", valueName: "NAME=VALUE"))
  var variables: [String] = []

  @OptionGroup var dispatch: DispatchOptions

  @Option(help: ArgumentHelp("The app the requests of .http files go to (a 'load SPEC' first).", valueName: "spec"))
  var app: String?

  @Option(
    help: ArgumentHelp(
      "How many files run at once (one per core by default); output stays in file order. Use 1 for files that share state.",
      valueName: "N"))
  var jobs: Int = ProcessEnvironment.availableProcessors

  func validate() throws {
    guard jobs >= 1 else {
      throw ValidationError("--jobs expects a positive number of files to run at once, such as 4; got \(jobs)")
    }
    guard !files.isEmpty else {
      throw ValidationError("gwsh run expects at least one session file, such as 'gwsh run sessions/*.gws'")
    }
    for variable in variables where !variable.contains("=" as Character) || variable.hasPrefix("=") {
      throw ValidationError("--var expects NAME=VALUE, such as --var user=alice; got '\(variable)'")
    }
  }

  func run() throws {
    var defined: [String: String] = [:]
    for variable in variables {
      let equals = variable.firstIndex(of: "=")!
      defined[String(variable[..<equals])] = String(variable[variable.index(after: equals)...])
    }
    var runner = SessionRunner(
      loader: dispatch.loader(), variables: defined, timeout: dispatch.dispatchTimeout, update: update, jobs: jobs)
    runner.maxBody = dispatch.maxBody.bytes
    runner.keepsEveryCase = junit != nil
    let report = runner.run(sources: sources()) { line in
      print(line)
    }
    if let junit {
      do {
        try FileSystem.writeAtomically(report.junitXML().utf8, to: junit, durable: false)
      } catch {
        print("could not write the JUnit report to \(junit): \(error)")
        throw ExitCode(2)
      }
    }
    if report.exitCode != 0 { throw ExitCode(report.exitCode) }
  }

  /// The files to run: a `.http` or `.rest` file converted in memory (its warnings printed now, before
  /// anything runs), any other a session file read as it runs.
  func sources() -> [SessionSource] {
    files.map { file in
      guard SessionImporter.runsConverted(file) else { return .file(file) }
      do {
        let (source, warnings) = try SessionImporter.convertedSource(file, app: app)
        for warning in warnings {
          TerminalOutput.standardError.write(
            TerminalText.escape("\(file):\(warning.line):1: warning: \(warning.message)") + "\n")
        }
        return source
      } catch {
        // One that cannot be read is reported as the runner reports any file it cannot read.
        return .file(file)
      }
    }
  }
}
