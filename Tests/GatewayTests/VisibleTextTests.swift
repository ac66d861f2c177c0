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

  @Test("a diagnostic quoting an app's header value never carries a bidi override or an ESC")
  func diagnosticsQuoteVisibly() throws {
    let exchange = dispatch(responding("200 OK", plainText + [("X-Note", "safe\u{202e}txt.exe")]))
    let diagnostic = try #require(exchange.diagnostics.first { $0.id == "header.latin-1" })
    #expect(diagnostic.message.contains("'safe\\u{202e}txt.exe'"))
    let control = dispatch(responding("200 OK", plainText + [("X-Note", "a\u{1b}]0;title\u{7}")]))
    #expect(control.diagnostics.allSatisfy { !$0.message.unicodeScalars.contains { $0.value == 0x1b } })
  }
}
