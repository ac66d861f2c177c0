import Testing

@testable import GatewayShell

@Suite("Terminal-safe text")
struct TerminalTextTests {
  @Test("ESC, BEL, DEL and C1 controls are shown escaped, never passed through")
  func controlsAreEscaped() {
    let text = TerminalText.escape(bytes("a\u{1b}[31mred\u{07}\u{7f}b") + [0xC2, 0x9B] + bytes("2J"))
    #expect(text == "a\\x1b[31mred\\x07\\x7fb\\u{9b}2J")
    #expect(terminalControls(in: text).isEmpty)
  }

  @Test("a bare CR is shown, a CR LF pair ends a line like LF")
  func carriageReturns() {
    #expect(TerminalText.escape(bytes("done 10%\rdone 100%\r\nnext\n")) == "done 10%\\rdone 100%\nnext\n")
    #expect(TerminalText.escape(bytes("trailing\r")) == "trailing\\r")
  }

  @Test("bidi overrides and isolates are shown as code points")
  func bidiIsEscaped() {
    let text = TerminalText.escape(bytes("invoice\u{202e}fdp.exe \u{2066}x\u{2069}"))
    #expect(text == "invoice\\u{202e}fdp.exe \\u{2066}x\\u{2069}")
  }

  @Test("invalid UTF-8 is shown byte by byte, valid text around it is kept")
  func invalidUTF8() {
    #expect(TerminalText.escape([0x61, 0xFF, 0xC3, 0xA9, 0xE2, 0x82, 0x62]) == "a\\xffé\\xe2\\x82b")
  }

  @Test("a single-line field escapes line feeds and tabs too")
  func singleLine() {
    #expect(TerminalText.escape("200 OK\r\nX-Injected: 1\tz") == "200 OK\\r\\nX-Injected: 1\\tz")
  }

  @Test("a character split across two chunks decodes as if it came whole")
  func splitCharacter() {
    var decoder = SafeDecoder(multiline: true)
    let snowman: [UInt8] = [0xE2, 0x98, 0x83]
    decoder.feed(bytes("a") + snowman.prefix(2))
    let first = decoder.take()
    decoder.feed(snowman.suffix(1) + bytes("b"))
    #expect(first + decoder.finish() == "a☃b")
  }

  @Test("colours only on a terminal and never with NO_COLOR set")
  func colourDetection() {
    #expect(TerminalStyle.detect(isTerminal: true, environment: [:]).colours)
    #expect(!TerminalStyle.detect(isTerminal: false, environment: [:]).colours)
    #expect(!TerminalStyle.detect(isTerminal: true, environment: ["NO_COLOR": "1"]).colours)
    #expect(TerminalStyle.plain.paint("x", .red) == "x")
    #expect(TerminalStyle(colours: true).paint("x", .red) == "\u{1b}[31mx\u{1b}[0m")
  }
}
