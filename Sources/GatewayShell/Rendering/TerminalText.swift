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

  /// The bytes an app sent (a body) as safe text with its line breaks, appended to `out`.
  static func escape(_ bytes: some Collection<UInt8>, to out: inout TextBuffer) {
    var decoder = SafeDecoder(multiline: true)
    // Most bodies are printable ASCII and line breaks, which show as they are: that run is copied
    // straight in, and only what follows it goes through the decoder.
    let plainCount =
      bytes.withContiguousStorageIfAvailable { buffer in
        let count = decoder.plainPrefixCount(buffer)
        out.append(UnsafeBufferPointer(rebasing: buffer[..<count]))
        return count
      } ?? 0
    guard plainCount < bytes.count else { return }
    decoder.feed(bytes.dropFirst(plainCount))
    decoder.finish(to: &out)
  }

  /// The string as safe text.
  /// - Parameters:
  ///   - text: The text.
  ///   - multiline: Whether line feeds and tabs stay as they are.
  ///   - fromApp: Whether an app sent it (a status, a header), so its backslashes are
  ///     doubled where they could be read as an escape; gwsh's own text and what the
  ///     user typed (a pattern `\d+`) keep theirs.
  static func escape(_ text: String, multiline: Bool = false, fromApp: Bool = false) -> String {
    // Nearly every status, header and message is printable ASCII, which shows as it is.
    if isPrintableASCII(text, backslashes: !fromApp) { return text }
    var decoder = SafeDecoder(multiline: multiline, fromApp: fromApp)
    decoder.feed(text.utf8)
    return decoder.finish()
  }

  /// Whether `text` is printable ASCII only (and no backslash unless `backslashes`), read eight
  /// bytes at a time: every status and header of every response is.
  private static func isPrintableASCII(_ text: String, backslashes: Bool) -> Bool {
    let backslash = UInt8(ascii: "\\")
    let plain = { (byte: UInt8) in byte >= 0x20 && byte < 0x7F && (byte != backslash || backslashes) }
    let inPlace = text.utf8.withContiguousStorageIfAvailable { bytes in
      ByteLanes.noLaneMarked(in: bytes) {
        ByteLanes.unprintable($0) | (backslashes ? 0 : ByteLanes.equal($0, to: backslash))
      } ?? bytes.allSatisfy(plain)
    }
    return inPlace ?? text.utf8.allSatisfy(plain)
  }

  /// A status line or header an app sent, as safe text on one line.
  static func fromApp(_ text: String) -> String {
    escape(text, multiline: false, fromApp: true)
  }

}
