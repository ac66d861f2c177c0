import Gateway
import Testing

@Suite("Text from an app, shown visibly")
struct VisibleTextTests {
  @Test("controls, C1 controls, DEL, bidi characters and separators are escaped; the rest is kept")
  func policy() {
    #expect(
      VisibleText.escaped("a\u{1b}[2J\u{7}\r\u{7f}\u{85}\u{202e}\u{2028}\u{feff}é€ z")
        == "a\\x1b[2J\\x07\\r\\x7f\\u{85}\\u{202e}\\u{2028}\\u{feff}é€ z")
    #expect(VisibleText.escaped("line\n\ttab") == "line\n\ttab")
    #expect(VisibleText.escaped("line\n\ttab", keepingLineBreaks: false) == "line\\n\\ttab")
  }

  @Test("a backslash an app sent is doubled where it could read as an escape, so it never looks like one")
  func backslashes() {
    // The four characters \x1b against an ESC.
    #expect(VisibleText.escaped("\\x1b", fromApp: true) == "\\\\x1b")
    #expect(VisibleText.escaped("\u{1b}", fromApp: true) == "\\x1b")
    #expect(VisibleText.escaped("a\\\\b", fromApp: true) == "a\\\\\\b")
    #expect(VisibleText.escaped("\\u{202e} \\u00e9 \\r \\d", fromApp: true) == "\\\\u{202e} \\u00e9 \\\\r \\d")
    // A backslash before a character shown escaped is doubled, so the two stay apart.
    #expect(VisibleText.escaped("\\\u{1b}", fromApp: true) == "\\\\\\x1b")
    // On one line \n and \t are escapes too; in a report of several lines they are not.
    #expect(VisibleText.escaped("\\n", keepingLineBreaks: false, fromApp: true) == "\\\\n")
    #expect(VisibleText.escaped("\\n", fromApp: true) == "\\n")
    // gwsh's own text and what a user typed keep their backslashes.
    #expect(VisibleText.escaped("expect body ~ \\d+ \\x") == "expect body ~ \\d+ \\x")
  }

  @Test("a lone surrogate from a Python process is kept as its stand-in and shown as the surrogate")
  func surrogates() {
    let bytes: [UInt8] = [0x61, 0xED, 0xA0, 0x80, 0x62, 0xED, 0xBF, 0xBF, 0xFF]
    let text = bytes.withUnsafeBufferPointer { String(decodingSurrogatePassing: $0) }
    #expect(VisibleText.escaped(text) == "a\\u{d800}b\\u{dfff}\u{FFFD}")
    #expect(Array("caf\u{E9}".utf8).withUnsafeBufferPointer { String(decodingSurrogatePassing: $0) } == "caf\u{E9}")
  }

  @Test("a header byte that is not UTF-8 reads as its stand-in, is shown as the byte and goes back as the byte")
  func byteStandIns() {
    // Every byte that can fail to be UTF-8, alone and between text: a native string holds the bytes sent.
    for byte in UInt8(0x80)...0xFF {
      let sent = "a" + String(latin1: [byte]) + "\u{C3}\u{A9}"
      let text = sent.clientText
      #expect(VisibleText.escaped(text) == "a\\x" + VisibleText.hex(byte) + "é", "\(byte)")
      #expect(text.nativeFromUTF8 == sent, "\(byte)")
    }
    // A sequence cut short is each of its bytes; UTF-8 is the text it is, as before.
    #expect(VisibleText.escaped(String(latin1: [0xE2, 0x82, 0x74]).clientText) == "\\xe2\\x82t")
    #expect(String(latin1: [0x63, 0xC3, 0xA9]).clientText == "cé")
    // A path a redirect goes to is decoded to the same byte, typed with a stand-in or as %E9.
    #expect(
      Request(method: "GET", target: "/caf" + String(latin1: [0xE9]).clientText).environ().string("PATH_INFO")
        == "/caf\u{E9}")
    #expect(Request(method: "GET", target: "/caf%E9").environ().string("PATH_INFO") == "/caf\u{E9}")
  }

  @Test("a diagnostic cites PEP 3333 for its rules and RFC 3875 for a CGI program's")
  func citations() {
    #expect(Rule.headerLatin1.citation == "PEP 3333: Unicode Issues")
    #expect(Rule.cgiResponseMalformed.citation == "RFC 3875 §6")
    let diagnostic = Diagnostic(.cgiResponseMalformed, "No blank line.")
    #expect("\(diagnostic)".hasSuffix("(RFC 3875 §6)"))
    #expect(!"\(diagnostic)".contains("PEP 3333"))
  }

  @Test("a diagnostic quoting an app's header value never carries a bidi override or an ESC")
  func diagnosticsQuoteVisibly() throws {
    let exchange = dispatch(responding("200 OK", plainText + [("X-Note", "safe\u{202e}txt.exe")]))
    let diagnostic = try #require(exchange.diagnostics.first { $0.id == "header.latin-1" })
    #expect(diagnostic.message.contains("'safe\\u{202e}txt.exe'"))
    let control = dispatch(responding("200 OK", plainText + [("X-Note", "a\u{1b}]0;title\u{7}")]))
    #expect(control.diagnostics.allSatisfy { !$0.message.unicodeScalars.contains { $0.value == 0x1b } })
  }
}
