import AppLoaders
import Foundation
import Gateway
import GatewayApps
import Session
import TestSupport
import Testing

@Suite("expect json comparisons, failure reports and parse errors")
struct ExpectationTests {
  @Test("expect json compares with == != < <= > >= ~ !~ absent present and counts nodes")
  func jsonComparisons() throws {
    let checks: [(String, Bool)] = [
      ("$.count == 2", true), ("$.count != 2", false), ("$.count < 3", true), ("$.count <= 2", true),
      ("$.count > 2", false), ("$.count >= 2.0", true), ("$.items[0].name < \"zebra\"", true),
      ("$.items[0].name > \"zebra\"", false), ("$.items[0].name ~ ^tea", true), ("$.items[0].name !~ ^tea", false),
      ("$.nothing absent", true), ("$.items present", true), ("$.items count == 1", true),
      ("$.nothing count == 0", true), ("$.items count > 1", false), ("$.items count != 0", true),
      ("$.items < 3", false),
    ]
    let text = "load demo\nGET /api/items?limit=2\n" + checks.map { "expect json \($0.0)" }.joined(separator: "\n")
    let events = try run(text)
    #expect(events.errors.isEmpty)
    for (result, check) in zip(events.expectations, checks) {
      #expect(result.passed == check.1, "expect json \(check.0): \(result.actual)")
    }
    #expect(events.expectations.last?.actual.contains("(a array, which does not compare with a number)") == true)
    #expect(events.expectations.count == checks.count)
  }

  @Test("an operator expect json does not know is an error at its column naming the ones it does")
  func jsonOperatorError() {
    do {
      _ = try SessionParser.parse("expect json $.a =< 3")
      Issue.record("parsed")
    } catch {
      #expect(error.context.location.column == 17)
      #expect(error.message.hasPrefix("expected one of == != < <= > >= ~ !~ absent present"))
    }
    do {
      _ = try SessionParser.parse("expect json $.a count = 3")
      Issue.record("parsed")
    } catch {
      #expect(error.context.location.column == 23)
      #expect(error.message.hasSuffix("did you mean count ==?"))
    }
  }

  @Test("a file's parse errors are all reported in one pass, at most 20, and nothing runs")
  func allParseErrors() throws {
    let folder = TemporaryFolder(prefix: "gwsh-parse")
    defer { folder.remove() }
    let lines =
      ["load demo", "expect stauts 200", "show reponse", "GET /", "cookies clera", "ignore haeder Date"]
      + (1...20).map { "frobnicate \($0)" }
    folder.write("bad.gws", lines.joined(separator: "\n") + "\n")
    let result = try ChildProgram.run(SystemTools.gwshExecutable, ["run", "bad.gws"], currentDirectory: folder.path)
    #expect(result.status == 2)
    let output = result.standardOutputText
    #expect(output.contains("bad.gws:2:8: error: expected what to check: "))
    #expect(output.contains("but found 'stauts'; did you mean expect status?"))
    #expect(output.contains("bad.gws:3:6: error: expected what to show: "))
    #expect(output.contains("did you mean show response?"))
    #expect(output.contains("bad.gws:5:9: error: expected 'clear', 'off' or 'on' after 'cookies' but found 'clera'"))
    #expect(output.contains("did you mean cookies clear?"))
    #expect(output.contains("bad.gws:6:8: error:"))
    #expect(output.contains("bad.gws:21:1: error: unknown command 'frobnicate'"))
    #expect(output.contains("bad.gws:22:1: error: unknown command"))
    #expect(!output.contains("bad.gws:23:1"))
    #expect(output.contains("and 4 more errors\n"))
    #expect(output.contains("nothing was run"))
  }

  @Test("a failed expect body ~ regex shows an excerpt of a long body and says how much was left out")
  func boundedExcerpt() throws {
    let page = (1...150).map { "tick \($0) of 150\n" }.joined()
    let long = BuiltinApps.Entry(
      name: "long", summary: "",
      app: ClosureApplication { _, startResponse in
        try startResponse("200 OK", [("Content-Type", "text/plain")])
        return ChunkedBody(page)
      })
    let engine = SessionEngine(loader: AppLoader(builtins: [long]))
    let events = try run("load long\nGET /\nexpect body ~ no such text", engine: engine)
    let result = try #require(events.expectations.first)
    #expect(!result.passed)
    let report = ExpectationReport.text(result)
    let lines = report.split(separator: "\n")
    #expect(lines.count == 1 + 1 + ExpectationReport.lineLimit + 1, "\(report)")
    #expect(lines[2] == "  actual:   tick 1 of 150")
    #expect(lines.last == "            … 130 more lines (2001 B) not shown")
    // A pattern with a word the body holds is shown around that word's first line.
    let near = try #require(try run("expect body ~ tick 1[0-9]{2} of 999", engine: engine).expectations.first)
    let shown = ExpectationReport.text(near).split(separator: "\n")
    #expect(shown[2] == "  actual:   lines 1-10 of 150, around the first 'tick':")
    let far = try #require(try run("expect body ~ of\\s+999", engine: engine).expectations.first)
    #expect(ExpectationReport.text(far).contains("lines 140-150 of 150, around the first '999':") == false)
    let late = try #require(try run("expect body ~ 120 of 999", engine: engine).expectations.first)
    #expect(ExpectationReport.text(late).contains("actual:   lines 115-124 of 150, around the first '120':"))
  }
}
