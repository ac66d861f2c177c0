import Session
import Testing

@Suite("help wrapped to a width")
struct CommandHelpTests {
  /// The words of `text`, whatever lines and spaces come between them.
  func words(_ text: String) -> [Substring] {
    text.split(whereSeparator: { $0 == " " || $0 == "\n" })
  }

  @Test(
    "the list fits the width, breaks only between words, and continues under the descriptions", arguments: [80, 160])
  func list(width: Int) {
    let text = CommandHelp.text(for: nil, width: width)
    let lines = text.split(separator: "\n")
    #expect(lines.allSatisfy { $0.count <= width }, "\(text)")
    #expect(words(text) == words(CommandHelp.text(for: nil)))
    // "  unheader  " is the widest name column: a description's next lines start where it starts.
    let continued = lines.filter { $0.hasPrefix("   ") }
    #expect(!continued.isEmpty)
    #expect(continued.allSatisfy { $0.hasPrefix(String(repeating: " ", count: 12)) && $0.dropFirst(12).first != " " })
    if width == 80 {
      #expect(
        text.contains(
          "  cookies   Show or clear the cookie jar, or stop and restart sending back\n            cookies apps set.\n")
      )
    }
  }

  @Test("one command's help fits the width, its forms broken between alternatives, its example whole")
  func oneCommand() throws {
    let text = CommandHelp.text(for: "expect", width: 80)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(words(text) == words(CommandHelp.text(for: "expect")))
    #expect(lines.allSatisfy { $0.count <= 80 }, "\(text)")
    #expect(lines.contains("  expect body <<END | \"text\" | base64 <<END | @file | ~ regex | !~ regex |"))
    #expect(lines.contains("    size N | sha256 HEX"))
    // An example is typed or pasted whole: broken, it would run as two lines.
    let example = try #require(CommandHelp.entries.first { $0.name == "curl" }?.example)
    #expect(example.count > 80)
    #expect(CommandHelp.text(for: "curl", width: 80).hasSuffix("Example:\n  " + example + "\n"))
  }

  @Test("without a width each paragraph stays one line, as before")
  func unwrapped() {
    let text = CommandHelp.text(for: nil)
    #expect(
      text.contains("  cookies   Show or clear the cookie jar, or stop and restart sending back cookies apps set.\n"))
  }

  @Test("the engine wraps help to the width a shell gives it")
  func engineWidth() throws {
    let engine = SessionEngine()
    engine.helpWidth = 50
    let statements = try SessionParser.parse("help")
    guard case .help(let text)? = engine.execute(statements[0]).first else {
      Issue.record("no help")
      return
    }
    #expect(text.split(separator: "\n").allSatisfy { $0.count <= 50 }, "\(text)")
  }
}
