import Gateway
import JSON
import Session

extension ExchangeRenderer {
  /// Writes the exchange to `output`. A whole body kept on disk is read from there piece by piece,
  /// so showing it costs no more memory than a piece; a JSON document is laid out as it is read.
  func write(_ exchange: Exchange, to output: any TextOutput) {
    if full, !alreadyShown.headers, let coding = contentCoding(of: exchange),
      writeDecodedInPieces(exchange, coding: coding, to: output)
    {
      return
    }
    guard full, let spill = exchange.body.spill as? FileSpill, !exchange.body.isComplete, !alreadyShown.headers else {
      var text = TextBuffer(capacity: 2 * exchange.body.head.count + 512)
      render(exchange, to: &text)
      output.write(text)
      return
    }
    output.write(statusAndHeaders(status: exchange.status, headers: exchange.headers) + "\n")
    var form = BodyPieceWriter.Form(BodyKind.of(contentType: shownContentType(of: exchange), head: exchange.body.head))
    if form == .json, !isOneJSONDocument(spill) { form = .text }
    var pieces = BodyPieceWriter(form)
    do {
      try spill.forEachPiece { piece in
        if shouldStop() { return false }
        output.write(pieces.text(for: piece))
        return true
      }
    } catch {
      output.write(style.paint("\n(could not read the whole body: \(error))", .red))
    }
    let stopped = shouldStop()
    if stopped { output.write(style.paint("\n(stopped printing: Ctrl-C)", .yellow) + "\n") }
    output.write(pieces.finish(stopped: stopped))
    var tail = ExchangeRenderer(style: style, screenLines: screenLines, full: true)
    tail.alreadyShown = LiveProgress(headers: true, bodyBytes: exchange.body.byteCount)
    output.write(tail.render(exchange))
  }

  /// Whether the spilled body is exactly one JSON document, read through once
  /// before any of it is shown: a body that is not is shown as sent, as a small one is.
  private func isOneJSONDocument(_ spill: FileSpill) -> Bool {
    var check = JSONLayout.Stream(checkingOnly: true)
    var fine = true
    do {
      try spill.forEachPiece { piece in
        fine = !shouldStop() && check.feed(piece) != nil
        return fine
      }
    } catch {
      return false
    }
    return fine && check.finish() != nil
  }
}
