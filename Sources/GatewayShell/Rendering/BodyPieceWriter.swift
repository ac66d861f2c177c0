import JSON

/// Turns a body's pieces into text as they come: a hex dump in whole rows (the
/// rest of a row waits for the next piece, so rows line up), text decoded
/// safely across piece boundaries, or a JSON document laid out as it streams
/// and then decoded safely; memory stays at a piece whatever the body's size.
struct BodyPieceWriter {
  /// How the pieces are shown.
  enum Form: Equatable {
    case hexDump
    case text
    /// A JSON document, re-indented. The caller has checked that the whole body is one.
    case json

    /// The form for a body of `kind`.
    init(_ kind: BodyKind) {
      self =
        switch kind {
        case .binary: .hexDump
        case .json: .json
        // A body printed in pieces is too large to lay out whole: XML goes as sent.
        case .text, .xml, .empty: .text
        }
    }
  }

  let form: Form
  private var decoder = SafeDecoder(multiline: true)
  private var layout = JSONLayout.Stream()
  private var carry: [UInt8] = []
  private var offset = 0
  private var endedWithNewline = true

  init(_ form: Form) { self.form = form }

  mutating func text(for piece: [UInt8]) -> String {
    let text: String
    switch form {
    case .hexDump:
      if carry.isEmpty, piece.count % 16 == 0 {
        text = HexDump.text(piece[...], startOffset: offset)
        offset += piece.count
      } else {
        carry += piece
        let rows = carry.count / 16 * 16
        text = HexDump.text(carry[..<rows], startOffset: offset)
        offset += rows
        carry.removeFirst(rows)
      }
    case .text:
      decoder.feed(piece)
      text = decoder.take()
    case .json:
      var layout = self.layout
      let laidOut = piece.withUnsafeBufferPointer { piece in layout.feed(piece) { decoder.feed($0) } }
      // Checked whole beforehand, so this is only a body that changed since: the rest shows as sent.
      if !laidOut { decoder.feed(piece) }
      self.layout = layout
      text = decoder.take()
    }
    if !text.isEmpty { endedWithNewline = text.hasSuffix("\n") }
    return text
  }

  /// What is left: the last row of a dump, or the end of the text, ending in a
  /// newline. A document whose printing was stopped is not laid out further.
  mutating func finish(stopped: Bool = false) -> String {
    if !carry.isEmpty {
      defer { carry = [] }
      return HexDump.text(carry[...], startOffset: offset)
    }
    if form == .json, !stopped {
      var layout = self.layout
      _ = layout.finish { decoder.feed($0) }
      self.layout = layout
    }
    let rest = decoder.finish()
    if !rest.isEmpty { endedWithNewline = rest.hasSuffix("\n") }
    return rest + (endedWithNewline ? "" : "\n")
  }
}
