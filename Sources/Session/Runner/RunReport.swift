import Gateway

/// What `gwsh run` found: counts, the test cases (one per request), and the exit status.
public struct RunReport: Sendable {
  /// One request of a session file and the expectations checked after it.
  public struct TestCase: Sendable {
    /// What a test case is named after.
    enum Subject: Sendable {
      /// A request line: its method and target, and where it is.
      case request(method: String, target: String, location: SourceLocation)
      /// What failed before any request, at a line of the file.
      case beforeAnyRequest(line: Int)
      /// The file itself, which did not parse.
      case parse
    }

    /// The file.
    public var file: String
    /// `METHOD target (line N)`, or `before any request (line N)`.
    ///
    /// Made when asked for (a JUnit report), not for each of a replay's thousands of requests.
    public var name: String {
      switch subject {
      case .request(let method, let target, let location):
        return "\(method) \(target) (\(SessionRunner.place(location, in: file)))"
      case .beforeAnyRequest(let line):
        // Line 0 is no line of the file: the `load` that `gwsh run --app` puts before a `.http` file's requests.
        return line == 0 ? "before any request" : "before any request (line \(line))"
      case .parse:
        return "parse"
      }
    }
    var subject: Subject
    /// How long the dispatch took, redirects included.
    public var time: Duration
    /// Each failed expectation, as printed.
    public var failures: [String]
    /// The error that stopped the file here, if one did.
    public var error: String?
    /// How many expectations held.
    public var passed: Int
  }

  /// Expectations that held.
  public var passed = 0
  /// Expectations that failed, and statements that failed at run time.
  public var failed = 0
  /// Whether a file did not parse or an app could not be loaded.
  public var couldNotRun = false
  /// The test cases, in order.
  public var cases: [TestCase] = []

  /// 0 when all held, 1 when an expectation failed, 2 when a file could not be parsed or an app not loaded.
  public var exitCode: Int32 {
    if couldNotRun { return 2 }
    return failed > 0 ? 1 : 0
  }

  /// The closing line.
  public var summary: String { "\(passed) passed, \(failed) failed" }

  /// The report as JUnit XML: a test suite per file, a test case per request.
  public func junitXML() -> String {
    var files: [String] = []
    for testCase in cases where !files.contains(testCase.file) { files.append(testCase.file) }
    var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    let failures = cases.filter { !$0.failures.isEmpty }.count
    let errors = cases.filter { $0.error != nil }.count
    xml += "<testsuites name=\"gwsh run\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"\(errors)\">\n"
    for file in files {
      let inFile = cases.filter { $0.file == file }
      xml += "  <testsuite name=\"\(Self.escaped(file))\" tests=\"\(inFile.count)\""
      xml += " failures=\"\(inFile.filter { !$0.failures.isEmpty }.count)\""
      xml += " errors=\"\(inFile.filter { $0.error != nil }.count)\">\n"
      for testCase in inFile {
        xml += "    <testcase classname=\"\(Self.escaped(file))\" name=\"\(Self.escaped(testCase.name))\""
        xml += " time=\"\(Self.seconds(testCase.time))\""
        if testCase.failures.isEmpty && testCase.error == nil {
          xml += "/>\n"
          continue
        }
        xml += ">\n"
        for failure in testCase.failures {
          let first = failure.prefix { $0 != "\n" }
          xml += "      <failure message=\"\(Self.escaped(String(first)))\">\(Self.escaped(failure))</failure>\n"
        }
        if let error = testCase.error {
          let first = error.prefix { $0 != "\n" }
          xml += "      <error message=\"\(Self.escaped(String(first)))\">\(Self.escaped(error))</error>\n"
        }
        xml += "    </testcase>\n"
      }
      xml += "  </testsuite>\n"
    }
    return xml + "</testsuites>\n"
  }

  /// Seconds to the microsecond: a dispatch takes well under a millisecond, which three decimals would show as 0.
  static func seconds(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    let micro = max(0, seconds * 1_000_000 + attoseconds / 1_000_000_000_000)
    let fraction = String(micro % 1_000_000)
    return "\(micro / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
  }

  /// Text safe inside XML attributes and elements; controls XML 1.0 cannot hold become `\xHH`.
  static func escaped(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "\n", "\t": result.unicodeScalars.append(scalar)
      case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
        let hex = String(scalar.value, radix: 16)
        result += "\\x" + (hex.count < 2 ? "0" : "") + hex
      case _ where VisibleText.byteStandIns.contains(scalar.value):
        // A header byte that is not UTF-8, as the prompt shows it.
        result += VisibleText.escaped(scalar)
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}
