import Gateway
import Session

extension ExchangeRenderer {
  /// Writes the exchange to `output`. A whole body kept on disk is read from there piece by piece,
  /// so showing it costs no more memory than a piece.
  func write(_ exchange: Exchange, to output: any TextOutput) {
    if full, !alreadyShown.headers, let coding = contentCoding(of: exchange),
      writeDecodedInPieces(exchange, coding: coding, to: output)
    {
      return
    }
    guard full, let spill = exchange.body.spill as? FileSpill, !exchange.body.isComplete, !alreadyShown.headers else {
      output.write(render(exchange))
      return
    }
    output.write(
      (statusAndHeaders(status: exchange.status, headers: exchange.headers) + [""]).joined(separator: "\n") + "\n")
    var decoder = SafeDecoder(multiline: true)
    var endedWithNewline = true
    let binary =
      BodyKind.of(contentType: shownContentType(of: exchange), head: exchange.body.head) == .binary
    var offset = 0
    var carry: [UInt8] = []
    do {
      try spill.forEachPiece { piece in
        if shouldStop() { return false }
        let text: String
        if binary {
          // Whole rows only, so the dump's rows line up across pieces; the rest waits for the next piece.
          carry += piece
          let rows = carry.count / 16 * 16
          text =
            rows == 0 ? "" : HexDump.lines(Array(carry[..<rows]), startOffset: offset).joined(separator: "\n") + "\n"
          offset += rows
          carry.removeFirst(rows)
        } else {
          decoder.feed(piece)
          text = decoder.take()
        }
        if !text.isEmpty { endedWithNewline = text.hasSuffix("\n") }
        output.write(text)
        return true
      }
    } catch {
      output.write(style.paint("\n(could not read the whole body: \(error))", .red))
    }
    if shouldStop() { output.write(style.paint("\n(stopped printing: Ctrl-C)", .yellow) + "\n") }
    if !carry.isEmpty { output.write(HexDump.lines(carry, startOffset: offset).joined(separator: "\n") + "\n") }
    let rest = decoder.finish()
    output.write(rest + (endedWithNewline && rest.isEmpty || rest.hasSuffix("\n") ? "" : "\n"))
    var tail = ExchangeRenderer(style: style, screenLines: screenLines, full: true)
    tail.alreadyShown = LiveProgress(headers: true, bodyBytes: exchange.body.byteCount)
    output.write(tail.render(exchange))
  }
}
