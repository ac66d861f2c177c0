import Foundation
import Session
import TestSupport
import Testing

@Suite("form and auth in the draft")
struct FormAndAuthTests {
  @Test("form fields make a multipart body as curl -F does; body replaces them, reset clears them")
  func form() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try "hello\n".write(toFile: directory + "/note.txt", atomically: true, encoding: .utf8)
    let engine = SessionEngine()
    let statements = try SessionParser.parse(
      """
      load echo
      let who Ada
      header Content-Type: text/plain
      form name={{who}}
      form note=@note.txt
      POST /up
      GET /after
      reset
      POST /reset
      form a=1
      body plain
      POST /plain
      """, file: directory + "/s.gws", directory: directory)
    let events = statements.flatMap { engine.execute($0) }
    #expect(events.errors.isEmpty, "\(events.errors)")
    let requests = events.dispatches.map(\.request)
    let type = try #require(requests[0].headers.first { $0.name == "Content-Type" }?.value)
    #expect(type.hasPrefix("multipart/form-data; boundary="))
    #expect(requests[0].headers.filter { $0.name.lowercased() == "content-type" }.count == 1)
    let boundary = type.dropFirst("multipart/form-data; boundary=".count)
    let echoed = try Echoed(
      events.filter { if case .dispatched(let record) = $0 { record.request.target == "/up" } else { false } })
    #expect(
      echoed.body
        == "--\(boundary)\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nAda\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"note\"; filename=\"note.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\n\r\n--\(boundary)--\r\n"
    )
    #expect(requests[1].body.count == 0)
    #expect(requests[2].body.count == 0)
    #expect(requests[3].body.count == 5)
  }

  @Test("a session with a form upload saved to another folder names the file from there and replays")
  func savedElsewhere() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try FileManager.default.createDirectory(atPath: directory + "/saved", withIntermediateDirectories: true)
    try "hello\n".write(toFile: directory + "/note.txt", atomically: true, encoding: .utf8)
    let statements = try SessionParser.parse(
      "load echo\nform note=@note.txt;type=text/x-note\nPOST /up\nsave saved/s.gws", file: directory + "/t.gws",
      directory: directory)
    let engine = SessionEngine()
    let events = statements.flatMap { engine.execute($0) }
    #expect(events.errors.isEmpty, "\(events.errors)")
    let saved = try String(contentsOfFile: directory + "/saved/s.gws", encoding: .utf8)
    #expect(saved.contains("\nform note=@../note.txt;type=text/x-note\n"), "\(saved)")
    // The same form makes the same boundary, so the recorded echo of the body matches on replay.
    var printed: [String] = []
    let report = SessionRunner().run([directory + "/saved/s.gws"]) { printed.append($0) }
    #expect(report.exitCode == 0, "\(printed)")
  }

  @Test("a form file that is missing is a parse error at its column")
  func missingFile() throws {
    do {
      _ = try SessionParser.parse("form doc=@nosuch.bin")
      Issue.record("parsed")
    } catch {
      #expect(error.context.location.column == 10)
    }
    #expect(throws: SessionError.self) { try SessionParser.parse("form =x") }
  }

  @Test("auth basic and auth bearer set Authorization; a header or unheader Authorization replaces it")
  func auth() throws {
    let events = try run(
      """
      load echo
      let password s3cret
      auth basic alice {{password}}
      GET /a
      auth bearer tok-123
      GET /b
      header Authorization: Custom x
      GET /c
      auth bearer again
      unheader Authorization
      GET /d
      """)
    #expect(events.errors.isEmpty, "\(events.errors)")
    let values = events.dispatches.map { $0.request.headers.first { $0.name == "Authorization" }?.value }
    #expect(values == ["Basic YWxpY2U6czNjcmV0", "Bearer tok-123", "Custom x", nil])
    #expect(throws: SessionError.self) { try SessionParser.parse("auth digest x") }
  }

  @Test("save --redact hides what auth sends, and the password it was built from")
  func redact() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let engine = SessionEngine()
    _ = try run(
      "load echo\nauth basic alice hunter22\nGET /a\nauth bearer tok-123456\nGET /b\nsave \(directory)/r.gws --redact",
      engine: engine)
    let saved = try String(contentsOfFile: directory + "/r.gws", encoding: .utf8)
    #expect(!saved.contains("hunter22"))
    #expect(!saved.contains("YWxpY2U6aHVudGVyMjI="))
    #expect(!saved.contains("tok-123456"))
    #expect(saved.contains("{{authorization}}"))
  }
}
