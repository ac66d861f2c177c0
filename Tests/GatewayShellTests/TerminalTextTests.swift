import Gateway
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

  @Test("a backslash an app sent is doubled where it could read as an escape; an ESC is not")
  func backslashes() {
    #expect(TerminalText.escape(bytes("app \\x1b, real \u{1b}")) == "app \\\\x1b, real \\x1b")
    // A JSON body's own escapes read as sent; a literal backslash (\\ in JSON) shows doubled.
    #expect(TerminalText.escape(bytes(#"{"a": "x\ny\"z\\d"}"#)) == #"{"a": "x\ny\"z\\\d"}"#)
    // A status or header an app sent: on one line, \n is an escape too.
    #expect(TerminalText.fromApp("a\\nb\u{1b}") == "a\\\\nb\\x1b")
    // gwsh's own text keeps its backslashes.
    #expect(TerminalText.escape("expect body ~ \\d+") == "expect body ~ \\d+")
  }

  @Test("a header holding a lone surrogate's stand-in shows the surrogate, not replacement characters")
  func surrogateInHeader() {
    let value = "a" + String(Unicode.Scalar(0x10F800)!) + "b"
    let shown = rendered(exchange(respond("200 OK", [("Content-Type", "text/plain"), ("X-Odd", value)], [])))
    #expect(shown.contains("X-Odd: a\\u{d800}b\n"))
  }

  @Test("a backslash at the end of a chunk waits for what follows it")
  func backslashSplitAcrossChunks() {
    var decoder = SafeDecoder(multiline: true)
    decoder.feed(bytes("a\\"))
    let first = decoder.take()
    decoder.feed(bytes("x1b\\"))
    let second = decoder.take()
    #expect(first + second + decoder.finish() == "a\\\\x1b\\")
  }

  @Test(
    "any bytes, whole or in pieces of any size, show as a scalar-by-scalar reading shows them",
    arguments: [(true, true), (true, false), (false, true), (false, false)])
  func agreesWithAScalarReading(multiline: Bool, fromApp: Bool) {
    // Runs of printable ASCII long enough for the eight-byte steps, broken by everything that is not plain.
    let parts: [[UInt8]] = [
      bytes("plain text run "), bytes(#"\\"#), bytes(#"\x1b"#), bytes(#"\u{"#), bytes(#"\n"#), [0x5C], [0x0A], [0x09],
      [0x0D], [0x0D, 0x0A], [0x1B], [0x7F], [0xC2, 0x9B], [0xC3, 0xA9], [0xE2, 0x80, 0xAE], [0xF0, 0x9F, 0x98, 0x80],
      [0xF4, 0x8F, 0xA0, 0x80], [0xED, 0xA0, 0x80], [0xE0, 0x80, 0x80], [0xF5], [0xFF], [0x80], [0xE2, 0x98],
      bytes("abcdefg"), bytes("0123456789abcdef"),
    ]
    var generator = SystemRandomNumberGenerator()
    for round in 0..<200 {
      let input = (0..<(round % 40 + 1)).flatMap { _ in parts.randomElement(using: &generator)! }
      let expected = scalarReading(input, multiline: multiline, fromApp: fromApp)
      var whole = SafeDecoder(multiline: multiline, fromApp: fromApp)
      whole.feed(input)
      #expect(whole.finish() == expected, "\(input)")
      let size = Int.random(in: 1...9, using: &generator)
      var pieces = SafeDecoder(multiline: multiline, fromApp: fromApp)
      var shown = ""
      for start in stride(from: 0, to: input.count, by: size) {
        pieces.feed(input[start..<min(start + size, input.count)])
        shown += pieces.take()
      }
      #expect(shown + pieces.finish() == expected, "\(input) in pieces of \(size)")
      if multiline, fromApp {
        // A body's text, its plain run copied straight in and only the rest decoded.
        var body = TextBuffer()
        TerminalText.escape(input[...], to: &body)
        #expect(body.text == expected, "\(input) as a body")
      }
    }
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

/// The terminal-safe text of `input` read one scalar at a time through the standard library's UTF-8
/// decoder, with ``VisibleText``'s policy: what the decoder must show, however it reads.
private func scalarReading(_ input: [UInt8], multiline: Bool, fromApp: Bool) -> String {
  var shown = ""
  var index = 0
  while index < input.count {
    let byte = input[index]
    var length = SafeDecoder.sequenceLength(byte)
    var scalar: Unicode.Scalar?
    if length > 0, index + length <= input.count {
      var decoder = UTF8()
      var bytes = input[index..<(index + length)].makeIterator()
      if case .scalarValue(let value) = decoder.decode(&bytes) { scalar = value }
    }
    guard let scalar else {
      shown += "\\x" + VisibleText.hex(byte)
      index += 1
      continue
    }
    length = scalar.utf8.count
    if scalar == "\\", fromApp {
      func peek(_ offset: Int) -> Unicode.Scalar? {
        index + offset < input.count
          ? (input[index + offset] < 0x80 ? Unicode.Scalar(input[index + offset]) : "\u{80}") : nil
      }
      let doubled = VisibleText.backslashIsDoubled(before: peek(1), then: peek(2), keepingLineBreaks: multiline)
      shown += doubled ? "\\\\" : "\\"
    } else if multiline, scalar == "\r", index + 1 < input.count, input[index + 1] == 0x0A {
      // CR LF ends a line as LF does.
    } else if VisibleText.isSafe(scalar) || multiline && (scalar == "\n" || scalar == "\t") {
      shown.unicodeScalars.append(scalar)
    } else {
      shown += VisibleText.escaped(scalar)
    }
    index += length
  }
  return shown
}
