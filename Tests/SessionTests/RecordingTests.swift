import AppLoaders
import Gateway
import GatewayApps
import Session
import Testing

@Suite("Recording responses as expect lines")
struct RecordingTests {
  /// Dispatches once to an app answering with `status`, `headers` and `body`, and returns the recording.
  func record(
    status: String = "200 OK", headers: [(String, String)] = [], body: [UInt8]
  ) throws -> (lines: [String], engine: SessionEngine) {
    let app = BuiltinApps.Entry(
      name: "fixed", summary: "",
      app: ClosureApplication { _, startResponse in
        try startResponse(status, headers)
        return ChunkedBody([body])
      })
    let engine = SessionEngine(loader: AppLoader(builtins: [app]))
    let events = try run("load fixed\nGET /", engine: engine)
    return (try #require(events.recordings.first), engine)
  }

  /// Parses recorded lines and checks them against the engine's last response.
  func replay(_ lines: [String], in engine: SessionEngine) throws -> [ExpectationResult] {
    try SessionParser.parse(lines.joined(separator: "\n")).flatMap { engine.execute($0) }.expectations
  }

  @Test("a binary body round-trips byte for byte through its recorded form", arguments: [1, 2, 3, 57, 4096])
  func binaryRoundTrip(count: Int) throws {
    var generator = SystemRandomNumberGenerator()
    var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    bytes[0] = 0xFF  // never valid UTF-8, so the body is binary whatever else was drawn
    let (lines, engine) = try record(headers: [("Content-Type", "application/octet-stream")], body: bytes)
    #expect(lines.contains("expect body base64 <<END"))
    let statements = try SessionParser.parse(lines.joined(separator: "\n"))
    let bodies = statements.compactMap { statement -> [UInt8]? in
      if case .expect(.body(.equals(.bytes(let recorded)))) = statement.command { return recorded }
      return nil
    }
    #expect(bodies == [bytes])
    let results = try replay(lines, in: engine)
    #expect(!results.isEmpty)
    #expect(results.allSatisfy { $0.passed })
  }

  @Test(
    "text bodies are recorded readably and replay exactly",
    arguments: [
      "two lines\nof text\n", "no final newline", "blank lines\n\n\n", "\n", "{{not a variable}}\n",
      "END\nEND1\n", "\t END  \nEND2\nENDING\nEND 1\n0END\n", "carriage\r\nreturns\r\n",
      "an escape \u{1b}[31m sequence", "  indented\n\ttabbed\n",
    ])
  func textRoundTrip(text: String) throws {
    let (lines, engine) = try record(headers: [("Content-Type", "text/plain")], body: Array(text.utf8))
    #expect(!lines.contains { $0.contains("base64") })
    let results = try replay(lines, in: engine)
    #expect(results.count >= 3)
    #expect(results.allSatisfy { $0.passed }, "\(lines)")
  }

  @Test("a header name with a colon or blank anywhere, and a value with a control anywhere, are recorded safely")
  func awkwardHeaderBytesAtEveryPlace() throws {
    for length in [3, 8, 9, 15, 16, 17] {
      for position in 0..<length {
        let plain = String(repeating: "n", count: length)
        var name = Array(plain.utf8)
        name[position] = UInt8(ascii: " ")
        var value = Array(String(repeating: "v", count: length).utf8)
        value[position] = 0x07
        let (lines, engine) = try record(
          headers: [
            (String(decoding: name, as: UTF8.self), "x"), (plain, String(decoding: value, as: UTF8.self)),
            ("Content-Type", "text/plain"),
          ], body: Array("ok".utf8))
        #expect(lines.contains { $0.hasPrefix("# header \"") && $0.hasSuffix("cannot be written as an expectation") })
        #expect(
          lines.contains(
            "expect header \(plain) ~ ^" + String(repeating: "v", count: position) + "\\x{7}"
              + String(repeating: "v", count: length - position - 1) + "$"), "\(lines)")
        #expect(try replay(lines, in: engine).allSatisfy(\.passed), "\(lines)")
      }
    }
  }

  @Test("an empty body and a large body are recorded and replay")
  func emptyAndLarge() throws {
    let (empty, engine) = try record(body: [])
    #expect(empty.contains("expect body \"\""))
    #expect(try replay(empty, in: engine).allSatisfy { $0.passed })
    let large = [UInt8](repeating: UInt8(ascii: "x"), count: SessionRecording.bodyLimit + 1)
    let (lines, bigEngine) = try record(body: large)
    #expect(lines.contains("expect body size \(large.count)"))
    #expect(lines.contains { $0.hasPrefix("expect body sha256 ") })
    #expect(try replay(lines, in: bigEngine).allSatisfy { $0.passed })
  }

  @Test("values that change every run are marked: Date by presence, cookie expiry by pattern")
  func volatileValues() throws {
    let (lines, engine) = try record(
      headers: [
        ("Date", "Fri, 27 Nov 2026 15:00:00 GMT"),
        ("Set-Cookie", "sid=abc; Expires=Fri, 27 Nov 2026 16:00:00 GMT; Path=/"),
        ("X-Odd", "  spaced {{x}} \u{7}"),
      ], body: [])
    #expect(lines.contains("ignore header Date"))
    #expect(lines.contains("expect header Date present"))
    #expect(lines.contains(#"expect header Set-Cookie ~ ^sid=abc; Expires=[^;]*; Path=\/$"#))
    #expect(try replay(lines, in: engine).allSatisfy { $0.passed })
    // A later run with another date and expiry still holds.
    let (_, later) = try record(
      headers: [
        ("Date", "Sat, 28 Nov 2026 09:00:00 GMT"),
        ("Set-Cookie", "sid=abc; Expires=Sat, 28 Nov 2026 10:00:00 GMT; Path=/"),
        ("X-Odd", "  spaced {{x}} \u{7}"),
      ], body: [])
    #expect(try replay(lines, in: later).allSatisfy { $0.passed })
  }

  @Test("a generated cookie value (a session token) is recorded by pattern, a chosen one exactly")
  func cookieTokens() throws {
    let (lines, _) = try record(
      headers: [
        ("Set-Cookie", "session=eyJ1c2VyIjoiYWxpY2UifQ.Zx1.abc; HttpOnly; Path=/"),
        ("Set-Cookie", "theme=dark; Path=/"),
      ], body: [])
    #expect(lines.contains(#"expect header Set-Cookie ~ ^session=[^;]+; HttpOnly; Path=\/$"#))
    #expect(lines.contains("expect header Set-Cookie: theme=dark; Path=/"))
    let (_, later) = try record(
      headers: [
        ("Set-Cookie", "session=eyJ1c2VyIjoiYWxpY2UifQ.Zy9.xyz; HttpOnly; Path=/"),
        ("Set-Cookie", "theme=dark; Path=/"),
      ], body: [])
    #expect(try replay(lines, in: later).allSatisfy { $0.passed })
  }

  @Test(
    "a header byte that is not UTF-8 is recorded as the prompt shows it, replays, and fails against the UTF-8 form",
    arguments: [
      // The value sent (bytes as latin-1), the line recorded, and a value it must not hold for.
      ("X-Name", "caf\u{E9}", #"expect header X-Name: caf\xe9"#, "caf\u{C3}\u{A9}"),
      ("X-Name", "\u{C3}\u{A9}t\u{E9}", #"expect header X-Name: ét\xe9"#, "\u{C3}\u{A9}t\u{C3}\u{A9}"),
      // The four characters \xe9 an app sent are not the byte: a pattern says so.
      ("X-Name", #"a\xe9"#, #"expect header X-Name ~ ^a\\xe9$"#, "a\u{E9}"),
      // A value that must be a pattern anyway is matched on its bytes, each past ASCII written `\x{..}`;
      // a pattern reads `\x{e9}` as é, which the text of the UTF-8 form is too, so it is told from
      // another value (here the byte e8), not from that one.
      ("X-Name", " \u{C3}\u{A9}\u{E9}", #"expect header X-Name ~ ^ \x{c3}\x{a9}\x{e9}$"#, " \u{C3}\u{A9}\u{E8}"),
      (
        "Set-Cookie", "a=caf\u{E9}; Expires=Fri, 27 Nov 2026 16:00:00 GMT",
        #"expect header Set-Cookie ~ ^a=caf\x{e9}; Expires=[^;]*$"#,
        "a=caf\u{E8}; Expires=Fri, 27 Nov 2026 16:00:00 GMT"
      ),
    ])
  func bytesNotUTF8(name: String, value: String, line: String, other: String) throws {
    let (lines, engine) = try record(headers: [(name, value), ("Content-Type", "text/plain")], body: [])
    #expect(lines.contains(line), "\(lines)")
    #expect(try replay(lines, in: engine).allSatisfy(\.passed), "\(lines)")
    let (_, differing) = try record(headers: [(name, other), ("Content-Type", "text/plain")], body: [])
    let results = try replay(lines, in: differing)
    #expect(results.filter { !$0.passed }.map(\.statement) == [line], "\(results)")
  }

  @Test("the validator's diagnostics and the errors output are recorded")
  func diagnosticsAndErrors() throws {
    let events = try run("load broken\nGET /status\nload demo\nGET /fail")
    let broken = try #require(events.recordings.first)
    #expect(broken.contains("expect diagnostic status.format"))
    let failing = try #require(events.recordings.last)
    #expect(failing.contains("expect status 500 Internal Server Error"))
    #expect(failing.contains("expect errors <<END"))
    #expect(failing.contains("demo: about to look up an order that does not exist"))
  }
}
