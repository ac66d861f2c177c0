import Foundation
import Session
import TestSupport
import Testing

@Suite("Which requests the draft's body goes with, and a request line's own body")
struct RequestBodyRuleTests {
  /// The echo app's answer to the last request of `events`, as a JSON text.
  func echoed(_ events: [SessionEvent]) throws -> String {
    let record = try #require(events.dispatches.last)
    return String(decoding: record.exchange.body.head, as: UTF8.self)
  }

  @Test("a GET after a form POST carries neither the form body nor its Content-Type; a POST after it does again")
  func getAfterPost() throws {
    let events = try run(
      """
      load echo
      header Content-Type: application/x-www-form-urlencoded
      header X-Kept: yes
      body username=admin&password=tea
      POST /admin/login/
      expect json $.body == "username=admin&password=tea"
      expect json $.environ.CONTENT_TYPE == "application/x-www-form-urlencoded"
      GET /admin/
      expect json $.body_length == 0
      expect json $.environ.CONTENT_TYPE absent
      expect json $.environ.CONTENT_LENGTH absent
      expect json $.environ.HTTP_X_KEPT == "yes"
      POST /admin/login/
      expect json $.body == "username=admin&password=tea"
      """)
    #expect(events.errors.isEmpty)
    #expect(events.expectations.map(\.passed) == Array(repeating: true, count: 7), "\(events.expectations)")
  }

  @Test(
    "the draft's body goes with every method but GET, HEAD, DELETE, OPTIONS, TRACE and CONNECT",
    arguments: [
      ("POST", true), ("PUT", true), ("PATCH", true), ("PROPFIND", true), ("GET", false), ("HEAD", false),
      ("DELETE", false), ("OPTIONS", false), ("TRACE", false), ("CONNECT", false),
    ])
  func methods(method: String, carries: Bool) throws {
    let events = try run("load echo\nheader Content-Type: text/plain\nbody hello\n\(method) /x")
    let request = try #require(events.dispatches.last).request
    #expect(request.body.count == (carries ? 5 : 0))
    #expect(request.headers.contains { $0.name == "Content-Type" } == carries)
  }

  @Test("a request line's here-document is that request's body alone; the draft's headers still go with it")
  func ownHereDocument() throws {
    let events = try run(
      """
      load echo
      header Content-Type: application/json
      body draft
      POST /items <<END
      {"name": "teapot"}
      END
      expect json $.body == "{\\"name\\": \\"teapot\\"}\\n"
      expect json $.environ.CONTENT_TYPE == "application/json"
      send
      expect json $.body == "{\\"name\\": \\"teapot\\"}\\n"
      POST /items
      expect json $.body == "draft"
      DELETE /items/1 chomp <<END
      {"why": "gone"}
      END
      expect json $.body == "{\\"why\\": \\"gone\\"}"
      expect json $.environ.REQUEST_METHOD == "DELETE"
      PUT /blob base64 <<END
      AP8=
      END
      expect json $.body_length == 2
      """)
    #expect(events.errors.isEmpty, "\(events.errors)")
    #expect(events.expectations.map(\.passed) == Array(repeating: true, count: 7), "\(events.expectations)")
  }

  @Test("a request line's @file is that request's body, read when sent; a missing file is an error at its column")
  func ownFile() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try "name=tea\n".write(toFile: directory + "/order form.txt", atomically: true, encoding: .utf8)
    let statements = try SessionParser.parse(
      "load echo\nPOST /orders @order form.txt\nexpect json $.body == \"name=tea\\n\"\nGET /orders\nexpect json $.body_length == 0",
      file: directory + "/s.gws", directory: directory)
    let engine = SessionEngine()
    let events = statements.flatMap { engine.execute($0) }
    #expect(events.errors.isEmpty)
    #expect(events.expectations.map(\.passed) == [true, true])
    #expect(throws: SessionError.self) { try SessionParser.parse("POST /orders @nosuch.txt", directory: directory) }
    do {
      _ = try SessionParser.parse("POST /orders name=tea")
      Issue.record("a word after the target parsed")
    } catch {
      #expect(error.context.location.column == 14)
      #expect(error.message.contains("a body for this request alone"), "\(error.message)")
    }
  }

  @Test("a session with request lines' own bodies is saved to another folder and replays green")
  func savedAndReplayed() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try FileManager.default.createDirectory(atPath: directory + "/saved", withIntermediateDirectories: true)
    try "{\"item\": 1}\n".write(toFile: directory + "/order.json", atomically: true, encoding: .utf8)
    let engine = SessionEngine()
    let statements = try SessionParser.parse(
      "load echo\nbody draft\nPOST /a <<END\nown body\nEND\nPUT /b @order.json\nGET /c\nsave saved/s.gws",
      file: directory + "/typed.gws", directory: directory)
    let events = statements.flatMap { engine.execute($0) }
    #expect(events.errors.isEmpty, "\(events.errors)")
    let saved = try String(contentsOfFile: directory + "/saved/s.gws", encoding: .utf8)
    #expect(saved.contains("POST /a <<END\nown body\nEND\n"))
    #expect(saved.contains("PUT /b @../order.json\n"))
    let replay = SessionRunner()
    var printed: [String] = []
    let report = replay.run([directory + "/saved/s.gws"]) { printed.append($0) }
    #expect(report.exitCode == 0, "\(printed)")
  }
}
