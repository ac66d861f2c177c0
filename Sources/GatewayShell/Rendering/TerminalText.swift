import Gateway

/// Turns what an app sent into text that is safe to print on a terminal,
/// decoding UTF-8 as it streams and applying ``VisibleText``'s policy.
///
/// An app's status, headers, body and error output are untrusted: an ESC could
/// recolour the screen, move the cursor or set the window title, a bare CR could
/// overwrite a line, a bidi override could reorder what the user reads. Every
/// such character is shown escaped instead (`\x1b`, `\r`, `\u{202e}`), and every
/// byte that is not valid UTF-8 as `\xNN`. A backslash an app sent is doubled
/// where it could be read as an escape, so `\\x1b` is the four characters an
/// app sent and `\x1b` an ESC (``VisibleText/backslashIsDoubled(before:then:keepingLineBreaks:)``).
enum TerminalText {
  /// The bytes an app sent (a body, its errors output) as safe text.
  /// - Parameters:
  ///   - bytes: The bytes, expected to be UTF-8.
  ///   - multiline: Whether line feeds, tabs and CR LF pairs stay as they are (a body) or
  ///     are escaped too (a status or a header, which must stay on one line).
  static func escape(_ bytes: some Collection<UInt8>, multiline: Bool = true) -> String {
    var decoder = SafeDecoder(multiline: multiline)
    decoder.feed(bytes)
    return decoder.finish()
  }

  /// The string as safe text.
  /// - Parameters:
  ///   - text: The text.
  ///   - multiline: Whether line feeds and tabs stay as they are.
  ///   - fromApp: Whether an app sent it (a status, a header), so its backslashes are
  ///     doubled where they could be read as an escape; gwsh's own text and what the
  ///     user typed (a pattern `\d+`) keep theirs.
  static func escape(_ text: String, multiline: Bool = false, fromApp: Bool = false) -> String {
    var decoder = SafeDecoder(multiline: multiline, fromApp: fromApp)
    decoder.feed(text.utf8)
    return decoder.finish()
  }

  /// A status line or header an app sent, as safe text on one line.
  static func fromApp(_ text: String) -> String {
    escape(text, multiline: false, fromApp: true)
  }

}

/// Decodes UTF-8 that may arrive in pieces (a streamed body), escaping as it goes.
///
/// A character split across two chunks is held back until its last byte comes,
/// so streaming shows the same text as rendering the whole body at once. The
/// output is built as UTF-8 bytes: printable ASCII and valid characters are
/// copied as they came, which keeps a megabyte body quick to show.
struct SafeDecoder {
  let multiline: Bool
  /// Whether backslashes are doubled where they could be read as an escape: for what an app sent.
  let fromApp: Bool
  private var pending: [UInt8] = []
  private var output: [UInt8] = []
  private var pendingCR = false

  init(multiline: Bool, fromApp: Bool = true) {
    self.multiline = multiline
    self.fromApp = fromApp
  }

  /// Decodes `bytes`, keeping an incomplete trailing character (or a backslash
  /// whose next character decides how it shows) for the next call.
  mutating func feed(_ bytes: some Collection<UInt8>) {
    pending.append(contentsOf: bytes)
    decodePending(final: false)
  }

  private mutating func decodePending(final: Bool) {
    output.reserveCapacity(output.count + pending.count)
    var index = 0
    while index < pending.count {
      let byte = pending[index]
      if byte >= 0x20, byte < 0x7F {
        if pendingCR { flushCR(followedByLineFeed: false) }
        if byte == UInt8(ascii: "\\"), fromApp {
          // What follows decides; at the end of a chunk it has not come yet.
          guard final || index + 2 < pending.count else { break }
          output.append(byte)
          if backslashIsDoubled(at: index) { output.append(byte) }
          index += 1
          continue
        }
        output.append(byte)
        index += 1
        continue
      }
      let length = Self.sequenceLength(byte)
      if length == 0 {
        emitInvalid(byte)
        index += 1
        continue
      }
      if index + length > pending.count {
        // Possibly a character cut by a chunk boundary: wait, unless the bytes so far are already wrong.
        if !final, pending[(index + 1)...].allSatisfy({ $0 & 0xC0 == 0x80 }) { break }
        emitInvalid(byte)
        index += 1
        continue
      }
      if let scalar = Self.decode(pending[index..<(index + length)]) {
        emit(scalar, bytes: pending[index..<(index + length)])
        index += length
      } else {
        emitInvalid(byte)
        index += 1
      }
    }
    pending.removeFirst(index)
  }

  /// Whether the backslash at `index` is doubled, by the bytes after it. A
  /// byte of 0x80 or more starts an escape or a character that is not ASCII,
  /// both of which double it.
  private func backslashIsDoubled(at index: Int) -> Bool {
    func scalar(_ offset: Int) -> Unicode.Scalar? {
      guard index + offset < pending.count else { return nil }
      let byte = pending[index + offset]
      return byte < 0x80 ? Unicode.Scalar(byte) : "\u{80}"
    }
    return VisibleText.backslashIsDoubled(before: scalar(1), then: scalar(2), keepingLineBreaks: multiline)
  }

  /// Ends the stream: what is held back is decoded with nothing after it (an
  /// unfinished character is invalid), and returns the text decoded since the last call.
  mutating func finish() -> String {
    decodePending(final: true)
    pending = []
    flushCR(followedByLineFeed: false)
    return take()
  }

  /// The text decoded since the last call, without ending the stream.
  mutating func take() -> String {
    defer { output.removeAll(keepingCapacity: true) }
    return String(decoding: output, as: UTF8.self)
  }

  private mutating func emit(_ scalar: Unicode.Scalar, bytes: ArraySlice<UInt8>) {
    if multiline {
      if scalar == "\r" {
        flushCR(followedByLineFeed: false)
        pendingCR = true
        return
      }
      flushCR(followedByLineFeed: scalar == "\n")
      if scalar == "\n" || scalar == "\t" {
        output += bytes
        return
      }
    }
    flushCR(followedByLineFeed: false)
    if VisibleText.isSafe(scalar) {
      output += bytes
    } else {
      output += VisibleText.escaped(scalar).utf8
    }
  }

  /// A CR followed by LF ends a line as the LF would; a bare CR would overwrite the line, so it is shown.
  private mutating func flushCR(followedByLineFeed: Bool) {
    guard pendingCR else { return }
    pendingCR = false
    if !followedByLineFeed { output += "\\r".utf8 }
  }

  private mutating func emitInvalid(_ byte: UInt8) {
    flushCR(followedByLineFeed: false)
    output += ("\\x" + VisibleText.hex(byte)).utf8
  }

  /// The length of the UTF-8 sequence `lead` starts, or 0 when it cannot start one.
  static func sequenceLength(_ lead: UInt8) -> Int {
    switch lead {
    case 0x00...0x7F: return 1
    case 0xC2...0xDF: return 2
    case 0xE0...0xEF: return 3
    case 0xF0...0xF4: return 4
    default: return 0
    }
  }

  static func decode(_ bytes: ArraySlice<UInt8>) -> Unicode.Scalar? {
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    if case .scalarValue(let scalar) = decoder.decode(&iterator) { return scalar }
    return nil
  }
}
