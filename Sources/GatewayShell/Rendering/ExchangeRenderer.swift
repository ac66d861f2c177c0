import Gateway
import JSON
import Session

/// Shows an exchange: the status coloured by class, the headers, the body by
/// its type, the errors output, the diagnostics, and timings and sizes in one line.
///
/// Everything the app sent passes through ``TerminalText`` first, so the only
/// control sequences written are the renderer's own colours.
struct ExchangeRenderer {
  /// Colours, or none.
  var style: TerminalStyle
  /// How many body lines make a screenful; a longer body is cut after them unless `full`.
  var screenLines: Int = 40
  /// Whether the whole body and every header are shown however long they are.
  var full = false
  /// What a live view already printed while the response streamed, so it is not printed twice.
  var alreadyShown = LiveProgress()
  /// Whether a coded body (Content-Encoding) is shown as sent rather than decoded.
  var raw = false
  /// The most bytes a coded body is decoded to before decoding stops (`--max-body`); `nil` for no limit.
  var decodeLimit: Int? = 1 << 30
  /// Asked between the pieces of a body printed from disk; `true` stops the printing (Ctrl-C).
  var shouldStop: @Sendable () -> Bool = { false }

  /// The most body bytes a screenful shows: a screenful of lines of 160 characters.
  var byteBudget: Int { screenLines * 160 }

  /// The most bytes of a header's value shown unless `full`: about thirteen lines of an 80-column
  /// terminal, a third of a screenful, so one header cannot push the status off the screen. Nearly
  /// every real value fits (a cookie, a token); the odd longer one (a Content-Security-Policy) is cut
  /// with the rest one command away, and an app's runaway value (a megabyte in one header, which
  /// printed thousands of lines) costs a screen, not a scrollback.
  static let headerValueBudget = 1024
  /// The most headers shown unless `full`: real responses send a few dozen, and servers commonly refuse
  /// more than 100 in a request (Apache's LimitRequestFields), so more is an app's loop gone wrong.
  static let headerCountBudget = 100

  /// The exchange as text ending in a newline.
  func render(_ exchange: Exchange) -> String {
    var out = TextBuffer(capacity: 2 * exchange.body.head.count + 512)
    render(exchange, to: &out)
    return out.text
  }

  /// The exchange as text ending in a newline, appended to `out`.
  func render(_ exchange: Exchange, to out: inout TextBuffer) {
    // One buffer, each line appended with its line feed: shown once per request, so no list of lines is built to be joined.
    if !alreadyShown.headers {
      appendStatusAndHeaders(status: exchange.status, headers: exchange.headers, to: &out)
    }
    if exchange.status != nil {
      if alreadyShown.bodyBytes > 0 {
        if !alreadyShown.endedWithNewline { out.newline() }
        if alreadyShown.cut { out.appendLine(moreHint(exchange.body, shown: alreadyShown.bodyBytes)) }
      } else {
        appendBody(exchange, to: &out)
      }
    }
    out.appendLines(outcome(exchange.outcome))
    out.appendLines(errorsSection(exchange))
    out.appendLines(diagnosticsSection(exchange.diagnostics))
    out.newline()
    appendSummary(exchange, to: &out)
    out.newline()
  }

  /// The status line and the headers, each ending in a line feed, as the live view and the full render print them.
  func statusAndHeaders(status: String?, headers: [HeaderField]) -> String {
    var out = TextBuffer()
    appendStatusAndHeaders(status: status, headers: headers, to: &out)
    return out.text
  }

  private func appendStatusAndHeaders(status: String?, headers: [HeaderField], to out: inout TextBuffer) {
    guard let status else {
      style.paint("no response", .red, .bold, to: &out)
      out.append(" ")
      style.paint("(the app sent no status)", .dim, to: &out)
      return out.newline()
    }
    style.paint(
      TerminalText.fromApp(status), TerminalStyle.ink(forStatusCode: Validator.statusCode(status)), .bold, to: &out)
    out.newline()
    let shownCount = full ? headers.count : min(headers.count, Self.headerCountBudget)
    for header in headers[..<shownCount] {
      style.paint(TerminalText.fromApp(header.name), .cyan, to: &out)
      out.append(": ")
      appendHeaderValue(header, to: &out)
    }
    if shownCount < headers.count {
      let left = headers.count - shownCount
      out.appendLine(
        style.paint(
          "… \(left) more headers of \(headers.count) not shown — 'show response --full' prints them all", .dim))
    }
  }

  /// A header's value on the rest of its line, cut after ``headerValueBudget`` bytes unless `full`,
  /// then a line saying how much of it was left out.
  private func appendHeaderValue(_ header: HeaderField, to out: inout TextBuffer) {
    // A value holds the bytes sent, read as latin-1; shown as the UTF-8 text they are, as a terminal
    // would show them behind curl, and a byte that is not UTF-8 as `\xe9`, as in a body. Its UTF-8
    // length, known without reading it, is never less than the bytes sent, so a value within it is
    // shown as it is without counting them: every value of nearly every response.
    let value = header.value
    guard !full, value.utf8.count > Self.headerValueBudget else {
      return out.appendLine(TerminalText.fromApp(value.clientText))
    }
    // Cut on the bytes as sent, as a body is, never inside a UTF-8 character. A value holding a code
    // point past U+00FF (only an app in this process could send one) is cut on its UTF-8.
    let native = value.nativeBytes
    let sent = native ?? Array(value.utf8)
    guard sent.count > Self.headerValueBudget else { return out.appendLine(TerminalText.fromApp(value.clientText)) }
    let end = sent.utf8Boundary(atMost: Self.headerValueBudget)
    let head = native != nil ? String(latin1: sent[..<end]).clientText : String(decoding: sent[..<end], as: UTF8.self)
    out.append(TerminalText.fromApp(head))
    out.appendLine("…")
    let hint =
      "… " + Measures.part(sent.count - end, of: sent.count) + " of " + TerminalText.fromApp(header.name)
      + " not shown — 'show response --full' prints it all"
    out.appendLine(style.paint(hint, .dim))
  }

  // MARK: The body

  /// The body's lines, after a blank line: by its type, cut to a screenful unless `full`.
  private func appendBody(_ exchange: Exchange, to out: inout TextBuffer) {
    if let coding = contentCoding(of: exchange) { return out.appendLines(decodedBody(exchange, coding: coding)) }
    let captured = exchange.body
    let kind = BodyKind.of(contentType: shownContentType(of: exchange), head: captured.head)
    switch kind {
    case .empty:
      if exchange.droppedBodyBytes > 0 {
        out.newline()
        out.appendLine(style.paint("(HEAD: \(Measures.bytes(exchange.droppedBodyBytes)) of body not sent)", .dim))
      }
    case .json:
      // A body larger than its head is shown from the head, re-indented as far as it goes.
      let pretty = captured.isComplete ? JSONLayout.indented(captured.head) : JSONLayout.indentedHead(captured.head)
      out.newline()
      appendText(pretty ?? captured.head, total: captured, to: &out)
    case .xml:
      // Laid out only when the whole document is at hand; one larger than its head is shown as sent.
      let laidOut = captured.isComplete ? XMLLayout.indented(captured.head) : nil
      out.newline()
      appendText(laidOut ?? captured.head, total: captured, to: &out)
    case .text:
      out.newline()
      appendText(captured.head, total: captured, to: &out)
    case .binary:
      let limit = full ? Int.max : screenLines
      let dump = HexDump.lines(captured.head, maxLines: limit)
      out.newline()
      out.appendLines(dump)
      let shown = min(captured.head.count, dump.count * 16)
      if shown < captured.byteCount { out.appendLine(moreHint(captured, shown: shown)) }
    }
  }

  /// Text cut to a screenful unless `full`, made safe, ending in a line feed; then what was left out.
  private func appendText(_ bytes: [UInt8], total: CapturedBytes, to out: inout TextBuffer) {
    let end =
      full ? bytes.count : BodyCut.end(of: bytes, within: .init(lines: screenLines, bytes: byteBudget), binary: false)
    let start = out.count
    TerminalText.escape(bytes[..<end], to: &out)
    if out.count > start, out.last == UInt8(ascii: "\n") { out.removeLast() }
    let cut = end < bytes.count
    if cut, out.count > start, bytes[end - 1] != 0x0A { out.append("…") }
    out.newline()
    if cut || total.omittedCount > 0 {
      // Pretty-printing changes the size; say how much of the body as sent is left out.
      let ratio = Double(total.head.count) / Double(max(bytes.count, 1))
      out.appendLine(moreHint(total, shown: min(total.byteCount, Int(Double(end) * ratio))))
    }
  }

  /// The line that says how much is left out and how to see it all.
  func moreHint(_ captured: CapturedBytes, shown: Int) -> String {
    let left = max(0, captured.byteCount - shown)
    var hint = "… " + Measures.part(left, of: captured.byteCount) + " not shown"
    if let spill = captured.spill as? FileSpill, let path = spill.path {
      hint += "; the whole body is in \(TerminalText.escape(path)) — 'show response --full' prints it"
    } else if captured.isComplete || full == false && captured.omittedCount == 0 {
      hint += " — 'show response --full' prints it all"
    } else {
      hint += " — only the first \(Measures.bytes(captured.head.count)) were kept"
    }
    return style.paint(hint, .dim)
  }

  // MARK: The other sections

  func outcome(_ outcome: Outcome) -> [String] {
    switch outcome {
    case .completed: return []
    case .stopped(let reason): return ["", style.paint("stopped: " + TerminalText.escape("\(reason)"), .red, .bold)]
    case .failedBeforeHeaders(let failure), .failedAfterHeaders(let failure):
      let when = outcome == .failedBeforeHeaders(failure) ? "before" : "after"
      return [
        "",
        style.paint("the app raised \(when) the headers went out: ", .red, .bold)
          + TerminalText.escape(failure.message),
      ]
    }
  }

  func errorsSection(_ exchange: Exchange) -> [String] {
    // Nearly every response has neither.
    guard exchange.errors.byteCount > 0 || exchange.strayOutput.byteCount > 0 else { return [] }
    let stray = exchange.strayOutput
    var parts = [
      (title: "errors", head: exchange.errors.head[...], byteCount: exchange.errors.byteCount),
      ("stray output", stray.head[...], stray.byteCount),
    ]
    if exchange.strayOutputBeforeRequest > 0 {
      // A background thread's prints between requests are not this request's: shown apart, first.
      let before = exchange.strayOutputBeforeRequest
      let cut = min(before, stray.head.count)
      parts = [
        ("printed between requests, before this one", stray.head[..<cut], before), parts[0],
        ("stray output", stray.head[cut...], stray.byteCount - before),
      ]
    }
    var lines: [String] = []
    for (title, head, byteCount) in parts where byteCount > 0 {
      lines += ["", heading(title + " (\(Measures.bytes(byteCount)))")]
      var text = TerminalText.escape(head)
      if text.hasSuffix("\n") { text.removeLast() }
      let all = text.split(separator: "\n", omittingEmptySubsequences: false)
      if full || all.count <= screenLines {
        lines += all.map { style.paint(String($0), .magenta) }
      } else {
        // A log's last lines are the request's own, after a framework's start-up, and a traceback
        // ends with its exception: a screenful is a few first lines and the last ones.
        let first = max(1, screenLines / 4)
        let last = max(1, screenLines - first)
        lines += all.prefix(first).map { style.paint(String($0), .magenta) }
        lines.append(
          style.paint("… \(all.count - first - last) lines not shown — 'show response --full' prints them", .dim))
        lines += all.suffix(last).map { style.paint(String($0), .magenta) }
      }
      if byteCount > head.count {
        lines.append(style.paint("… \(Measures.bytes(byteCount - head.count)) more were not kept", .dim))
      }
    }
    return lines
  }

  func diagnosticsSection(_ diagnostics: [Diagnostic]) -> [String] {
    guard !diagnostics.isEmpty else { return [] }
    var lines = ["", heading("diagnostics (\(diagnostics.count))")]
    for diagnostic in diagnostics {
      let ink: TerminalStyle.Ink =
        switch diagnostic.severity {
        case .error: .red
        case .warning: .yellow
        case .info: .blue
        }
      let label = diagnostic.severity.rawValue.padding(to: 8)
      lines.append(
        style.paint(label, ink, .bold) + style.paint(diagnostic.id, .bold) + "  "
          + TerminalText.escape(diagnostic.message)
          + " " + style.paint("(\(diagnostic.rule.citation))", .dim))
    }
    return lines
  }

  /// Timings and sizes in one line, without its line feed.
  private func appendSummary(_ exchange: Exchange, to out: inout TextBuffer) {
    let separator = " · "
    style.begin(.dim, to: &out)
    out.append("── ")
    Measures.appendDuration(exchange.timings.total, to: &out)
    if let firstByte = exchange.timings.firstByte {
      out.append(separator)
      out.append("first byte ")
      Measures.appendDuration(firstByte, to: &out)
    }
    let body = exchange.body
    out.append(separator)
    if body.byteCount == 0 {
      out.append("no body")
    } else {
      out.append("body ")
      Measures.appendBytes(body.byteCount, to: &out)
      out.append(" in ")
      Measures.appendCount(body.chunkCount, "chunk", to: &out)
    }
    if exchange.inputBytesRead > 0 {
      out.append(separator)
      out.append("read ")
      Measures.appendBytes(exchange.inputBytesRead, to: &out)
    }
    if exchange.errors.byteCount > 0 {
      out.append(separator)
      out.append("errors ")
      Measures.appendBytes(exchange.errors.byteCount, to: &out)
    }
    let diagnostics = exchange.diagnostics
    if !diagnostics.isEmpty {
      for severity in Diagnostic.Severity.allCases.reversed() {
        let count = diagnostics.filter { $0.severity == severity }.count
        if count > 0 {
          out.append(separator)
          Measures.appendCount(count, severity.rawValue, to: &out)
        }
      }
    }
    style.end(to: &out)
  }

  private func heading(_ title: String) -> String {
    style.paint("── " + title + " ──", .bold)
  }
}

extension TextBuffer {
  /// Appends each line and the line feed that ends it.
  fileprivate mutating func appendLines(_ lines: [String]) {
    for line in lines { appendLine(line) }
  }
}

extension String {
  func padding(to width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
