import Foundation
import Session
import TestSupport
import Testing

extension RunnerTests {
  /// Runs `.http` files as `gwsh run` does: converted in memory, each named as given.
  func runHTTP(
    _ paths: [String], app: String?, timeout: Duration = .seconds(30)
  ) throws -> (report: RunReport, output: [String]) {
    let sources = try paths.map { try SessionImporter.httpSource($0, app: app).0 }
    var output: [String] = []
    let report = SessionRunner(timeout: timeout).run(sources: sources) { output.append($0) }
    return (report, output)
  }

  @Test("a .http file's failures, errors and test cases name the file and the lines the user wrote")
  func httpFilePlaces() throws {
    let folder = TemporaryFolder(prefix: "gwsh-session-tests")
    defer { folder.remove() }
    let path = folder.write(
      "api.http",
      """
      @base = http://localhost

      ### Fine
      GET {{base}}/?chunks=1&delay=0

      ### Stuck
      # @name stuck
      GET {{base}}/stuck
      Accept: text/plain

      ### Who
      GET {{base}}/me
        X-User: {{user}}

      """)
    let (report, output) = try runHTTP([path], app: "slow", timeout: .milliseconds(300))
    let text = output.joined(separator: "\n")
    #expect(report.exitCode == 1, "\(text)")
    #expect(output.contains { $0.hasPrefix("\(path):8:1: GET ") && $0.contains("did not finish") }, "\(text)")
    // A header's error is at the header's line, shown as written there (not as the `header` line it became).
    #expect(
      text.contains(
        "\(path):13:3: error: the variable 'user' is not defined; define it with 'let user VALUE', '--var user=VALUE' or a capture\n      X-User: {{user}}\n      ^"
      ), "\(text)")
    #expect(
      report.cases.map(\.name) == [
        "GET http://localhost/?chunks=1&delay=0 (line 4)", "GET http://localhost/stuck (line 8)",
      ])
    #expect(report.cases.allSatisfy { $0.file == path })
    let xml = report.junitXML()
    #expect(xml.contains("classname=\"\(path)\""), "\(xml)")
    #expect(!xml.contains(".gws"), "\(xml)")
    #expect(!text.contains(".gws"), "\(text)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["api.http"])
  }

  @Test("a .http body file that is not there is an error at its '< ./file' line; nothing runs")
  func httpFileMissingBody() throws {
    let folder = TemporaryFolder(prefix: "gwsh-session-tests")
    defer { folder.remove() }
    folder.write("item.json", "{\"name\": \"pot\"}\n")
    let path = folder.write(
      "api.http",
      """
      ### Upload
      PUT http://localhost/items/1
      Content-Type: application/json

      < ./item.json

      ### Upload again
      PUT http://localhost/items/2
      Content-Type: application/json

      <   ./items.json

      """)
    let (report, output) = try runHTTP([path], app: "echo")
    #expect(report.exitCode == 2)
    #expect(report.cases.map(\.name) == ["parse"])
    #expect(
      output.first
        == "\(path):11:5: error: expected a readable file at '\(folder.path)/items.json', but there is none\n    <   ./items.json\n        ^",
      "\(output)")
  }

  @Test("a .http file run without --app says to give one, at its first request")
  func httpFileWithoutApp() throws {
    let folder = TemporaryFolder(prefix: "gwsh-session-tests")
    defer { folder.remove() }
    let path = folder.write("api.http", "### Items\nGET http://localhost/items\n")
    let (report, output) = try runHTTP([path], app: nil)
    #expect(report.exitCode != 0)
    #expect(
      output.first?.hasPrefix(
        "\(path):2:1: error: no app is loaded: a .http file names none; give it with 'gwsh run --app SPEC'") == true,
      "\(output)")
  }
}
