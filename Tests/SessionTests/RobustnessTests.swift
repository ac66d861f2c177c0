import JSON
import Session
import Testing

/// A small deterministic generator, so a failure can be reproduced.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return state
  }
}

@Suite("Robustness against arbitrary input")
struct RobustnessTests {
  static let pieces = [
    "load", "demo", "echo", "as", "at", "/p", "GET", "POST", "/", "/api/items", "header", "X:", "a", ":", "body",
    "@", "<<END", "<<'E'", "END", "expect", "status", "200", "json", "$", "$.a", "[0]", "[-1]", "['x']", "==",
    "!=", "~", "!~", "(", "[", "\"", "\"x\"", "{{", "}}", "{{v}}", "capture", "v", "show", "env", "cookies",
    "follow", "on", "let", "set", "unset", "wsgi.version", "(1, 0)", "reset", "send", "chomp", "base64", "size",
    "sha256", "absent", "present", "errors", "diagnostic", "chunks", "#", "\t", "\r", "é", "\u{1b}", "\n",
  ]

  @Test("arbitrary lines either parse or fail with a located error, never a crash")
  func parserNeverTraps() {
    var generator = SeededGenerator(state: 42)
    var parsed = 0
    var refused = 0
    for _ in 0..<3000 {
      let count = Int.random(in: 1...8, using: &generator)
      let text = (0..<count).map { _ in Self.pieces.randomElement(using: &generator)! }.joined(
        separator: Bool.random(using: &generator) ? " " : "")
      do {
        _ = try SessionParser.parse(text, file: "fuzz")
        parsed += 1
      } catch {
        #expect(error.context.location.file == "fuzz")
        #expect(error.context.location.line >= 1)
        #expect(!error.description.isEmpty)
        refused += 1
      }
    }
    #expect(parsed > 100)
    #expect(refused > 100)
  }

  @Test("arbitrary sequences of statements run against the demo app without trapping or hanging")
  func engineNeverTraps() throws {
    var generator = SeededGenerator(state: 7)
    let engine = SessionEngine(timeout: .seconds(2))
    _ = engine.execute(line: "load demo")
    let lines = [
      "GET /", "GET /api/items", "POST /login", "body user=a&password=tea", "body", "expect json $.items[0].id == 1",
      "capture x json $.user", "header X-V: {{x}}", "follow on", "follow off", "GET /old-items", "GET /fail",
      "expect errors ~ Demo", "cookies clear", "set wsgi.version (2, 0)", "unset PATH_INFO", "reset", "send",
      "show request", "show env", "GET /stream?count=2", "expect chunks 2", "load echo at /e", "GET /e/x", "use demo",
      "capture y body ~ (tea)", "expect header Nope absent",
    ]
    for _ in 0..<200 {
      _ = engine.execute(line: lines.randomElement(using: &generator)!)
    }
    #expect(engine.appNames.contains("demo"))
  }

  @Test("arbitrary bytes either parse as JSON or fail with a position")
  func jsonNeverTraps() {
    var generator = SeededGenerator(state: 3)
    let alphabet = Array("{}[],:\"\\ntrufalse0123456789.eE+-u \t\n".utf8) + [0xC3, 0xA9, 0xFF]
    for _ in 0..<3000 {
      let bytes = (0..<Int.random(in: 0...24, using: &generator)).map { _ in alphabet.randomElement(using: &generator)!
      }
      do {
        let value = try JSONValue(parsing: bytes)
        #expect(try JSONValue(parsing: value.compactText) == value)
      } catch {
        #expect(error.line >= 1 && error.column >= 1)
      }
    }
  }
}
