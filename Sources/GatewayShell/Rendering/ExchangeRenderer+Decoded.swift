import ContentCoding
import Gateway
import JSON

/// A body sent with `Content-Encoding: gzip`, `deflate` or `br` is shown decoded, with a line saying so;
/// `show response --raw` shows the bytes as sent.
///
/// Decoding reads the body as sent from its head or its spill, piece by piece, and keeps only what the
/// screenful shows; a body that decodes past the limit (a decompression bomb) stops there.
extension ExchangeRenderer {
  /// The coding the body is decoded from for showing: none when `raw`, empty or not a coding gwsh decodes.
  func contentCoding(of exchange: Exchange) -> ContentCoding? {
    guard !raw, exchange.body.byteCount > 0 else { return nil }
    return ContentCoding(header: exchange.headers.first(named: "Content-Encoding"))
  }

  /// The Content-Type that decides how the body is shown: none for coded bytes shown as sent, which
  /// are shown by what they look like (a hex dump), whatever they decode to.
  func shownContentType(of exchange: Exchange) -> String? {
    raw && ContentCoding(header: exchange.headers.first(named: "Content-Encoding")) != nil
      ? nil : exchange.headers.first(named: "Content-Type")
  }

  /// The decoded body's lines: the body cut to a screenful unless `full`, then the note.
  func decodedBody(_ exchange: Exchange, coding: ContentCoding) -> [String] {
    let keep = full ? CaptureLimits().headLimit : byteBudget
    let body = DecodedBody(decoding: exchange.body, coding: coding, keep: keep, limit: decodeLimit)
    let captured = body.decoded
    var lines = [""]
    var shown = 0
    switch BodyKind.of(contentType: exchange.headers.first(named: "Content-Type"), head: captured.head) {
    case .empty:
      lines = []
    case .json:
      let pretty = body.isComplete ? JSONLayout.indented(captured.head) : JSONLayout.indentedHead(captured.head)
      let (text, end) = cutText(pretty ?? captured.head)
      lines += text
      // Pretty-printing changes the size; count what is shown on the decoded bytes.
      shown = pretty.map { end == $0.count ? captured.head.count : end * captured.head.count / max($0.count, 1) } ?? end
    case .xml:
      let laidOut = body.isComplete ? XMLLayout.indented(captured.head) : nil
      let (text, end) = cutText(laidOut ?? captured.head)
      lines += text
      shown =
        laidOut.map { end == $0.count ? captured.head.count : end * captured.head.count / max($0.count, 1) } ?? end
    case .text:
      let (text, end) = cutText(captured.head)
      lines += text
      shown = end
    case .binary:
      let dump = HexDump.lines(captured.head, maxLines: full ? .max : screenLines)
      lines += dump
      shown = min(captured.head.count, dump.count * 16)
    }
    if shown < captured.byteCount {
      var hint = "… " + Measures.part(captured.byteCount - shown, of: captured.byteCount) + " decoded not shown"
      if !full { hint += " — 'show response --full' prints it all" }
      lines.append(style.paint(hint, .dim))
    }
    lines.append("")
    lines.append(decodingNote(body))
    if let stop = body.stop { lines.append(style.paint(Self.describe(stop, of: body), .yellow)) }
    return lines
  }

  /// `decoded from gzip: 1.2 KB on the wire, 14.0 KB decoded — 'show response --raw' shows the bytes as sent`.
  func decodingNote(_ body: DecodedBody) -> String {
    let decoded = Measures.bytes(body.decoded.byteCount)
    let size: String =
      switch body.stop {
      case .overLimit: "more than \(decoded) decoded"
      case .corrupt, .notKept, .unreadable: "\(decoded) decoded before it stopped"
      case nil: "\(decoded) decoded"
      }
    return style.paint(
      "decoded from \(body.coding)\(body.coding.repeats ? " (compressed more than once)" : ""): \(Measures.bytes(body.encodedCount)) on the wire, \(size)"
        + " — 'show response --raw' shows the bytes as sent", .dim)
  }

  /// Why decoding stopped early, in words.
  static func describe(_ stop: DecodedBody.Stop, of body: DecodedBody) -> String {
    switch stop {
    case .overLimit(let limit):
      return "stopped decoding: the body expands past \(ByteCount.described(limit)) (--max-body),"
        + " as a decompression bomb does; only what decoded before that is shown"
    case .corrupt(let error):
      return "\(error.description) — shown is what decoded before it"
    case .notKept(let kept):
      return "only the first \(Measures.bytes(kept)) of the body as sent were kept; shown is what they decode to"
    case .unreadable(let reason):
      return "could not read the whole body to decode it: " + TerminalText.escape(reason)
    }
  }

  /// Text cut to a screenful unless `full`: the escaped lines, and how many bytes they show.
  private func cutText(_ bytes: [UInt8]) -> ([String], Int) {
    let end =
      full ? bytes.count : BodyCut.end(of: bytes, within: .init(lines: screenLines, bytes: byteBudget), binary: false)
    var text = TerminalText.escape(bytes[..<end])
    if text.hasSuffix("\n") { text.removeLast() }
    var lines = text.splitAtLineFeeds()
    if end < bytes.count, !text.isEmpty, bytes[end - 1] != 0x0A { lines[lines.count - 1] += "…" }
    return (lines, end)
  }

  /// `show response --full` of a coded body too large to keep decoded: decoded again from the body as
  /// sent and written piece by piece, so memory stays at a piece.
  /// - Returns: `false` when the decoded body is small enough for the usual render.
  func writeDecodedInPieces(_ exchange: Exchange, coding: ContentCoding, to output: any TextOutput) -> Bool {
    let probe = DecodedBody(
      decoding: exchange.body, coding: coding, keep: CaptureLimits().headLimit, limit: decodeLimit)
    guard !probe.decoded.isComplete else { return false }
    output.write(statusAndHeaders(status: exchange.status, headers: exchange.headers) + "\n")
    var form = BodyPieceWriter.Form(
      BodyKind.of(contentType: exchange.headers.first(named: "Content-Type"), head: probe.decoded.head))
    if form == .json {
      // Laid out only when the whole of it is JSON: shown pretty from its first byte, or as sent.
      var check = JSONLayout.Stream(checkingOnly: true)
      var complete = true
      let stop = DecodedBody.forEachPiece(of: exchange.body, coding: coding, limit: decodeLimit) { piece in
        complete = !shouldStop() && check.feed(piece) != nil
        return complete
      }
      if stop != nil || !complete || check.finish() == nil { form = .text }
    }
    var pieces = BodyPieceWriter(form)
    let stop = DecodedBody.forEachPiece(of: exchange.body, coding: coding, limit: decodeLimit) { piece in
      if shouldStop() { return false }
      output.write(pieces.text(for: piece))
      return true
    }
    let stopped = shouldStop()
    if stopped { output.write(style.paint("\n(stopped printing: Ctrl-C)", .yellow) + "\n") }
    output.write(pieces.finish(stopped: stopped))
    var body = probe
    body.stop = stop
    output.write("\n" + decodingNote(body) + "\n")
    if let stop { output.write(style.paint(Self.describe(stop, of: body), .yellow) + "\n") }
    var tail = ExchangeRenderer(style: style, screenLines: screenLines, full: true)
    tail.alreadyShown = LiveProgress(headers: true, bodyBytes: exchange.body.byteCount)
    output.write(tail.render(exchange))
    return true
  }
}
