/// How text that came from an app is shown so that nothing in it acts on a
/// terminal: controls, DEL, C1 controls, bidi formatting characters and line
/// separators are written out visibly (`\x1b`, `\r`, `\u{202e}`) instead.
///
/// This is the one policy for everything gwsh prints of an app's output: the
/// shell's renderer, the session runner's reports and the validator's messages.
public enum VisibleText {
  /// Whether `scalar` is drawn as itself; `false` for what could move the
  /// cursor, recolour the screen, break a line or reorder what is read.
  public static func isSafe(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00..<0x20, 0x7F...0x9F: return false
    // Bidi embeddings, overrides and isolates, and the marks that steer them.
    case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return false
    // Line and paragraph separators break lines on some terminals; a byte order mark hides.
    case 0x2028, 0x2029, 0xFEFF: return false
    // A lone surrogate a Python app sent, held as its stand-in: shown as the surrogate.
    case surrogateStandIns: return false
    // A header byte that is not UTF-8, held as its stand-in: shown as the byte.
    case byteStandIns: return false
    default: return true
    }
  }

  /// Where a lone surrogate (U+D800 to U+DFFF) that a Python app put in a
  /// string is held once it reaches Swift, whose strings cannot hold one: the
  /// last 2048 code points of plane 16, private use that no text needs. Each
  /// is shown as the surrogate it stands for (`\u{d800}`), so a header an app
  /// built from undecodable bytes shows what it holds, not replacement characters.
  public static let surrogateStandIns: ClosedRange<UInt32> = 0x10F800...0x10FFFF

  /// The stand-in for the surrogate `value`.
  static func standIn(forSurrogate value: UInt32) -> Unicode.Scalar {
    Unicode.Scalar(surrogateStandIns.lowerBound + (value - 0xD800))!
  }

  /// Where a byte that is not UTF-8 in a value an app sent (a header's `E9`, latin-1 `é`) is held
  /// in the text that value reads as: the 128 code points of plane 16 just below the surrogates'
  /// stand-ins, one for each byte 0x80 to 0xFF (no other byte can fail to be UTF-8). Each is shown
  /// as the byte (`\xe9`), as a body's byte is, and goes back on the wire as that byte
  /// (``Swift/String/nativeFromUTF8``), so a cookie or a redirect returns what the app sent.
  public static let byteStandIns: ClosedRange<UInt32> = 0x10F780...0x10F7FF

  /// The stand-in for `byte`, one of 0x80 to 0xFF.
  package static func standIn(forByte byte: UInt8) -> Unicode.Scalar {
    Unicode.Scalar(byteStandIns.lowerBound - 0x80 + UInt32(byte))!
  }

  /// The byte `scalar` stands in for, or `nil` when it is no byte's stand-in.
  package static func byte(standingIn scalar: Unicode.Scalar) -> UInt8? {
    byteStandIns.contains(scalar.value) ? UInt8(scalar.value - byteStandIns.lowerBound + 0x80) : nil
  }

  /// The visible form of a scalar that is not safe: `\r`, `\n`, `\t`, `\x1b`, `\u{202e}`, and
  /// a byte's stand-in as the byte, `\xe9`.
  public static func escaped(_ scalar: Unicode.Scalar) -> String {
    switch scalar {
    case "\r": return "\\r"
    case "\n": return "\\n"
    case "\t": return "\\t"
    default:
      if scalar.value < 0x80 { return "\\x" + hex(UInt8(scalar.value)) }
      if let byte = byte(standingIn: scalar) { return "\\x" + hex(byte) }
      var value = scalar.value
      if surrogateStandIns.contains(value) { value = value - surrogateStandIns.lowerBound + 0xD800 }
      return "\\u{" + String(value, radix: 16) + "}"
    }
  }

  /// `text` with every unsafe scalar escaped.
  /// - Parameters:
  ///   - text: The text.
  ///   - keepingLineBreaks: Whether line feeds and tabs stay as they are (a report of
  ///     several lines) or are escaped too (a value that must stay on one line).
  ///   - fromApp: Whether the text came from an app, whose backslashes are then doubled
  ///     where they could be read as an escape (see ``backslashIsDoubled(before:then:keepingLineBreaks:)``).
  ///     gwsh's own text and what the user typed keep theirs, so a pattern `\d+` reads as typed.
  public static func escaped(_ text: String, keepingLineBreaks: Bool = true, fromApp: Bool = false) -> String {
    var result = ""
    let scalars = text.unicodeScalars
    var index = scalars.startIndex
    while index < scalars.endIndex {
      let scalar = scalars[index]
      index = scalars.index(after: index)
      if scalar == "\\", fromApp {
        let next = index < scalars.endIndex ? scalars[index] : nil
        let then =
          next != nil && scalars.index(after: index) < scalars.endIndex ? scalars[scalars.index(after: index)] : nil
        result += backslashIsDoubled(before: next, then: then, keepingLineBreaks: keepingLineBreaks) ? "\\\\" : "\\"
      } else if isSafe(scalar) || (keepingLineBreaks && (scalar == "\n" || scalar == "\t")) {
        result.unicodeScalars.append(scalar)
      } else {
        result += escaped(scalar)
      }
    }
    return result
  }

  /// Whether a backslash an app sent is shown doubled (`\\`), given the scalar
  /// after it and the one after that: where it could otherwise be read as the
  /// start of an escape, so the four characters `\x1b` an app sent never look
  /// like an escaped ESC. That is before another backslash, `x`, `r`, `u{`, (on
  /// one line) `n` and `t`, and before anything shown escaped or not ASCII;
  /// elsewhere (`\d`, `\"`, a JSON body's `\n`) it is shown as it is.
  public static func backslashIsDoubled(
    before next: Unicode.Scalar?, then: Unicode.Scalar?, keepingLineBreaks: Bool
  ) -> Bool {
    guard let next else { return false }
    switch next {
    case "\\", "x", "r": return true
    case "n", "t": return !keepingLineBreaks
    case "u": return then == "{"
    case "\n", "\t": return !keepingLineBreaks
    default: return next.value >= 0x80 || !isSafe(next)
    }
  }

  /// Two lowercase hex digits.
  public static func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
  }
}
