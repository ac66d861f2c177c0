import Foundation
import Gateway
import Session
import Testing

@testable import GatewayShell

@Suite("Rendering an exchange")
struct ExchangeRendererTests {
  @Test("JSON is pretty-printed with its keys in the order sent")
  func json() {
    let app = respond("200 OK", [("Content-Type", "application/json")], [bytes(#"{"b":1,"a":[true,null,"x"]}"#)])
    let text = rendered(exchange(app))
    #expect(
      text.hasPrefix(
        """
        200 OK
        Content-Type: application/json

        {
          "b": 1,
          "a": [
            true,
            null,
            "x"
          ]
        }
        """))
  }

  @Test("JSON larger than the kept head is pretty-printed as far as the head goes, saying how much is left")
  func jsonPastTheHead() {
    let items = (1...200).map { #"{"id":\#($0),"name":"item \#($0)"}"# }.joined(separator: ",")
    let document = bytes(#"{"items":["# + items + "]}")
    let limits = DispatchLimits(capture: CaptureLimits(headLimit: 1000))
    let text = rendered(exchange(respond("200 OK", [("Content-Type", "application/json")], [document]), limits: limits))
    #expect(
      text.contains(
        """

        {
          "items": [
            {
              "id": 1,
              "name": "item 1"
            },
        """), "\(text)")
    #expect(text.contains("more of \(Measures.bytes(document.count)) not shown"))
  }

  @Test("a JSON body kept on disk is shown whole and pretty, as a small one is; one that is not JSON, as sent")
  func jsonFromDisk() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gwsh-json-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let spilling = DispatchLimits(
      capture: CaptureLimits(headLimit: 1000, makeSpill: { try? FileSpill(directory: folder) }))
    // Escapes the terminal must not act on inside strings: a C1 control, a bidi override, a backslash.
    let items = (1...3000).map { #"{"id":\#($0),"name":"item \#($0) \u001b \"q\" \\x1b"# + "\u{9B}\u{202E}é\"}" }
    for document in [
      bytes(#" {"items":["# + items.joined(separator: ",") + "]} \n"), bytes("[" + items.joined(separator: ",") + ",]"),
    ] {
      // Pieces of any size, whatever the pieces read from disk.
      let chunks = stride(from: 0, to: document.count, by: 777).map {
        Array(document[$0..<min($0 + 777, document.count)])
      }
      let app = respond("200 OK", [("Content-Type", "application/json")], chunks)
      let spilled = exchange(app, limits: spilling)
      #expect(spilled.body.spill != nil && !spilled.body.isComplete)
      let output = CapturedOutput()
      ExchangeRenderer(style: .plain, full: true).write(spilled, to: output)
      // The same body kept whole in memory is shown by the usual render; the summary's timings differ.
      let kept = exchange(app, limits: DispatchLimits(capture: CaptureLimits(headLimit: 1 << 20)))
      #expect(kept.body.isComplete)
      let shown = try #require(output.contents.components(separatedBy: "\n── ").first)
      #expect(shown == rendered(kept, full: true).components(separatedBy: "\n── ").first)
      #expect(terminalControls(in: shown).isEmpty)
    }
    let pretty = CapturedOutput()
    let document = bytes(#"{"items":["# + items.joined(separator: ",") + "]}")
    ExchangeRenderer(style: .plain, full: true).write(
      exchange(respond("200 OK", [("Content-Type", "application/json")], [document]), limits: spilling), to: pretty)
    #expect(
      pretty.contents.contains(
        "\n    {\n      \"id\": 3000,\n      \"name\": \"item 3000 \\u001b \\\"q\\\" \\\\\\\\x1b\\u{9b}\\u{202e}é\"\n    }\n  ]\n}\n\n── "
      ))
  }

  @Test("an XML document is laid out an element a line; one this layout cannot follow, and XHTML, are shown as sent")
  func xml() {
    let multistatus =
      #"<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:response><d:href>/a/</d:href>"#
      + #"<d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype><!-- note -->"#
      + #"<d:getetag>"x&gt;y"</d:getetag><c:data><![CDATA[BEGIN:VCALENDAR]]></c:data></d:prop></d:propstat>"#
      + #"</d:response></d:multistatus>"#
    let text = rendered(
      exchange(respond("207 Multi-Status", [("Content-Type", "text/xml; charset=utf-8")], [bytes(multistatus)])))
    #expect(
      text.contains(
        """
        <?xml version="1.0"?>
        <d:multistatus xmlns:d="DAV:">
          <d:response>
            <d:href>/a/</d:href>
            <d:propstat>
              <d:prop>
                <d:resourcetype>
                  <d:collection/>
                </d:resourcetype>
                <!-- note -->
                <d:getetag>"x&gt;y"</d:getetag>
                <c:data><![CDATA[BEGIN:VCALENDAR]]></c:data>
              </d:prop>
            </d:propstat>
          </d:response>
        </d:multistatus>

        """), "\(text)")
    for (type, body) in [
      ("application/xml", "<a><b>left open</b>"), ("application/xml", "<a attr='1 > 0'>x</a></b>"),
      ("application/xhtml+xml", "<html><body><p>a page</p></body></html>"),
    ] {
      #expect(
        rendered(exchange(respond("200 OK", [("Content-Type", type)], [bytes(body)]))).contains("\n\n" + body + "\n"))
    }
  }

  @Test("text is shown as text, and JSON that does not parse falls back to text")
  func text() {
    let html = rendered(exchange(respond("200 OK", [("Content-Type", "text/html")], [bytes("<p>hi</p>\n")])))
    #expect(html.contains("\n\n<p>hi</p>\n"))
    let broken = rendered(exchange(respond("200 OK", [("Content-Type", "application/json")], [bytes("{oops")])))
    #expect(broken.contains("\n\n{oops\n"))
  }

  @Test("binary is shown as a hex dump with offsets and printable ASCII")
  func binary() {
    let png: [UInt8] = [
      0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x01,
    ]
    let text = rendered(exchange(respond("200 OK", [("Content-Type", "image/png")], [png])))
    #expect(text.contains("00000000  89 50 4e 47 0d 0a 1a 0a  00 00 00 0d 49 48 44 52  |.PNG........IHDR|"))
    #expect(text.contains("00000010  00 01"))
  }

  @Test("a long body is cut after a screenful, saying how much is left and how to see it")
  func longBodyIsCut() {
    let lines = (1...500).map { "line \($0)\n" }.joined()
    let long = exchange(respond("200 OK", [("Content-Type", "text/plain")], [bytes(lines)]))
    let cut = rendered(long, screenLines: 20)
    #expect(cut.contains("line 20\n"))
    #expect(!cut.contains("line 21\n"))
    #expect(cut.contains("more of 4.4 KB not shown"))
    #expect(cut.contains("show response --full"))
    let whole = rendered(long, screenLines: 20, full: true)
    #expect(whole.contains("line 500\n"))
    #expect(!whole.contains("not shown"))
  }

  @Test("one long line is cut by size, never inside a character")
  func longLineIsCut() {
    let line = String(repeating: "é", count: 50_000)
    let cut = rendered(exchange(respond("200 OK", [("Content-Type", "text/plain")], [bytes(line)])), screenLines: 10)
    let body = cut.split(separator: "\n")[2]
    #expect(body.hasSuffix("é…"))
    #expect(body.count == 801)
    #expect(!cut.contains("\\x"))
    #expect(cut.contains("more of 100.0 KB not shown"))
  }

  @Test("a megabyte header value is cut after 1 KiB, saying how much is left; --full shows it whole")
  func longHeaderIsCut() {
    let long = String(repeating: "a", count: 1_000_000)
    let sent = exchange(respond("200 OK", [("Content-Type", "text/plain"), ("X-Long", long)], [bytes("ok\n")]))
    let cut = rendered(sent)
    let lines = cut.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines[2] == "X-Long: " + String(repeating: "a", count: 1024) + "…")
    #expect(lines[3] == "… 999.0 KB more of 1.0 MB of X-Long not shown — 'show response --full' prints it all")
    #expect(lines[4...6] == ["", "ok", ""])
    #expect(cut.utf8.count < 2000)
    let whole = rendered(sent, full: true)
    #expect(whole.contains("\nX-Long: " + long + "\n\nok\n"))
    #expect(!whole.contains("not shown"))
  }

  @Test("a long header value is cut never inside a character, and stays escaped")
  func longHeaderCutOnACharacter() {
    // What a Python app sends: UTF-8 bytes read as latin-1; `é` is two bytes, so byte 1024 is inside one.
    let value = "\u{1b}" + String(repeating: "é", count: 1000)
    let cut = rendered(exchange(respond("200 OK", [("X-Accent", value.nativeFromUTF8)], [])))
    let line = cut.split(separator: "\n")[1]
    #expect(line == "X-Accent: \\x1b" + String(repeating: "é", count: 511) + "…")
    #expect(cut.contains("\n… 978 B more of 2.0 KB of X-Accent not shown"))
    #expect(terminalControls(in: cut).isEmpty)
  }

  @Test("a value of 1 KiB, and headers of the usual size and number, are shown as sent")
  func usualHeadersUnchanged() {
    let numbered = (1...98).map { ("X-Header-\($0)", "value \($0)") }
    let headers = [("Content-Type", "text/plain"), ("X-Edge", String(repeating: "b", count: 1024))] + numbered
    let sent = exchange(respond("200 OK", headers, []))
    let cut = rendered(sent)
    #expect(cut == rendered(sent, full: true))
    #expect(cut.contains("\nX-Edge: " + String(repeating: "b", count: 1024) + "\n"))
    #expect(cut.contains("\nX-Header-98: value 98\n"))
    #expect(!cut.contains("not shown"))
  }

  @Test("past 100 headers, the first 100 are shown and how many more there are")
  func manyHeadersAreCut() {
    let headers = (1...1000).map { ("X-Header-\($0)", "\($0)") }
    let sent = exchange(respond("200 OK", headers, []))
    let cut = rendered(sent)
    #expect(cut.contains("\nX-Header-100: 100\n… 900 more headers of 1000 not shown — 'show response --full'"))
    #expect(!cut.contains("X-Header-101:"))
    #expect(rendered(sent, full: true).contains("\nX-Header-1000: 1000\n"))
  }

  @Test("the errors output and the diagnostics each have their own section, diagnostics with id and PEP section")
  func sections() {
    let app = respond("200 OK", [("Content-Length", "99")], [bytes("short")], errors: "warning: disk almost full\n")
    let text = rendered(exchange(app))
    #expect(text.contains("── errors (26 B) ──\nwarning: disk almost full\n"))
    #expect(text.contains("── diagnostics"))
    #expect(text.contains("header.content-type-missing"))
    #expect(text.contains("(PEP 3333: The start_response() Callable)"))
    #expect(text.contains("body.shorter-than-content-length"))
  }

  @Test("a long errors output shows its first lines and its last, where a log's own lines and a traceback's end are")
  func longErrorsShowTheirEnd() {
    let log = (1...100).map { "log line \($0)\n" }.joined() + "ValueError: the real cause\n"
    let app = respond("200 OK", [("Content-Type", "text/plain")], [bytes("ok")], errors: log)
    let cut = rendered(exchange(app), screenLines: 20)
    #expect(cut.contains("log line 1\n"))
    #expect(cut.contains("log line 5\n"))
    #expect(!cut.contains("log line 6\n"))
    #expect(cut.contains("… 81 lines not shown — 'show response --full' prints them\n"))
    #expect(!cut.contains("log line 86\n"))
    #expect(cut.contains("log line 87\n"))
    #expect(cut.contains("log line 100\nValueError: the real cause\n"))
    let whole = rendered(exchange(app), screenLines: 20, full: true)
    #expect(whole.contains("log line 50\n"))
    #expect(!whole.contains("not shown"))
  }

  @Test("stray output printed between requests is shown apart from the request's own, before it")
  func strayOutputBeforeRequest() {
    let app = ClosureApplication { _, startResponse in
      startResponse.context.recordStrayOutput(Array("tick from a thread\n".utf8), printedBeforeRequest: true)
      startResponse.context.recordStrayOutput(Array("handling /\n".utf8))
      try startResponse("200 OK", [("Content-Type", "text/plain")])
      return ChunkedBody([bytes("ok")])
    }
    let text = rendered(exchange(app))
    #expect(
      text.contains(
        "── printed between requests, before this one (19 B) ──\ntick from a thread\n\n── stray output (11 B) ──\nhandling /\n"
      ), "\(text)")
    // Output printed during the request alone is stray output, as before.
    let during = ClosureApplication { _, startResponse in
      startResponse.context.recordStrayOutput(Array("handling /\n".utf8))
      try startResponse("200 OK", [("Content-Type", "text/plain")])
      return ChunkedBody([bytes("ok")])
    }
    #expect(!rendered(exchange(during)).contains("between requests"))
  }

  @Test("timings and sizes are summed up in one line")
  func summary() {
    let app = respond("200 OK", [("Content-Type", "text/plain")], [bytes("ab"), bytes("cde")])
    let last = rendered(exchange(app)).split(separator: "\n").last ?? ""
    #expect(last.hasPrefix("── "))
    #expect(last.contains("first byte"))
    #expect(last.contains("body 5 B in 2 chunks"))
  }

  @Test("nothing an app sends in status, headers, body or errors reaches the output as a control sequence")
  func hostileAppIsEscaped() {
    let evil = "\u{1b}]0;pwned\u{07}\u{1b}[2J"
    let app = respond(
      "200 OK\u{1b}[5m", [("Content-Type", "text/plain"), ("X-Evil", evil)],
      [bytes("body " + evil + "\u{202e}gnp.exe\r\n"), [0xFF, 0x0A]], errors: "log " + evil + "\n")
    let text = rendered(exchange(app))
    #expect(terminalControls(in: text).isEmpty)
    #expect(text.contains("X-Evil: \\x1b]0;pwned\\x07\\x1b[2J"))
    #expect(text.contains("body \\x1b]0;pwned\\x07\\x1b[2J\\u{202e}gnp.exe\n\\xff"))
    #expect(text.contains("log \\x1b]0;pwned"))
  }

  @Test("the status line is coloured by class, and only with colours on")
  func statusColour() {
    var renderer = ExchangeRenderer(style: TerminalStyle(colours: true))
    #expect(renderer.statusAndHeaders(status: "404 Not Found", headers: []) == "\u{1b}[33;1m404 Not Found\u{1b}[0m\n")
    #expect(renderer.statusAndHeaders(status: "201 Created", headers: []).hasPrefix("\u{1b}[32;1m"))
    #expect(renderer.statusAndHeaders(status: "503 Busy", headers: []).hasPrefix("\u{1b}[31;1m"))
    renderer.style = .plain
    #expect(renderer.statusAndHeaders(status: "404 Not Found", headers: []) == "404 Not Found\n")
  }

  @Test("a dispatch that was stopped says so")
  func stopped() {
    let flag = CancellationFlag()
    flag.cancel()
    let app = respond("200 OK", [("Content-Type", "text/plain")], [bytes("a"), bytes("b")])
    let text = rendered(exchange(app, limits: DispatchLimits(cancellation: flag)))
    #expect(text.contains("stopped: cancelled"))
  }

  @Test("the call trace is shown as a timeline, one gateway call a line")
  func trace() {
    let app = respond("200 OK", [("Content-Type", "text/plain")], [bytes("hello")])
    let lines = TraceRenderer(style: .plain).render(exchange(app).trace).split(separator: "\n")
    let events = lines.map { $0.split(separator: " ", maxSplits: 3).dropFirst(2).joined(separator: " ") }
    #expect(lines.count == 6)
    #expect(events.first == "call app(environ, start_response)")
    #expect(lines[1].contains("start_response('200 OK', [Content-Type])"))
    #expect(lines.contains { $0.contains("yield 5 B") })
    #expect(lines.last?.hasSuffix("close()") == true)
  }
}
