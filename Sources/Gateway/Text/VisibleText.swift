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
    default: return true
    }
  }

  /// The visible form of a scalar that is not safe: `\r`, `\n`, `\t`, `\x1b`, `\u{202e}`.
  public static func escaped(_ scalar: Unicode.Scalar) -> String {
    switch scalar {
    case "\r": return "\\r"
    case "\n": return "\\n"
    case "\t": return "\\t"
    default:
      if scalar.value < 0x80 { return "\\x" + hex(UInt8(scalar.value)) }
      return "\\u{" + String(scalar.value, radix: 16) + "}"
    }
  }

  /// `text` with every unsafe scalar escaped.
  /// - Parameters:
  ///   - text: The text.
  ///   - keepingLineBreaks: Whether line feeds and tabs stay as they are (a report of
  ///     several lines) or are escaped too (a value that must stay on one line).
  public static func escaped(_ text: String, keepingLineBreaks: Bool = true) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
      if isSafe(scalar) || (keepingLineBreaks && (scalar == "\n" || scalar == "\t")) {
        result.unicodeScalars.append(scalar)
      } else {
        result += escaped(scalar)
      }
    }
    return result
  }

  /// Two lowercase hex digits.
  public static func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
  }
}
