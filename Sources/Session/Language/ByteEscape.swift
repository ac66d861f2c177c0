import Gateway

/// `\xe9` in an `expect header Name: value` line: a byte an app sent that is not UTF-8, written as
/// the prompt shows it.
///
/// A response header's bytes are checked as the text they are (`café` for `C3 A9`); a byte that is
/// not UTF-8 (latin-1 `E9`) has no text, and is held as its stand-in (``VisibleText/byteStandIns``).
/// In a session file it is written `\x` and two hex digits, 80 to ff, so a value the prompt showed
/// can be typed back as it was shown, and `save` records it so. Only these bytes are escapes: a
/// backslash before anything else is the backslash, as it always was, and a value that holds
/// such a sequence as characters is recorded as a pattern instead.
enum ByteEscape {
  /// `text` with each `\x80` to `\xff` (in either case) as the stand-in of its byte; `nil` when it holds none.
  static func decoded(_ text: String) -> String? {
    guard text.utf8.contains(UInt8(ascii: "\\")) else { return nil }
    let scalars = Array(text.unicodeScalars)
    var result = String.UnicodeScalarView()
    var found = false
    var index = 0
    while index < scalars.count {
      if let byte = byte(at: index, in: scalars) {
        result.append(VisibleText.standIn(forByte: byte))
        found = true
        index += 4
      } else {
        result.append(scalars[index])
        index += 1
      }
    }
    return found ? String(result) : nil
  }

  /// Whether `text` holds, as characters, what ``decoded(_:)`` would read as a byte.
  static func holdsEscape(_ text: String) -> Bool {
    guard text.utf8.contains(UInt8(ascii: "\\")) else { return false }
    let scalars = Array(text.unicodeScalars)
    return scalars.indices.contains { byte(at: $0, in: scalars) != nil }
  }

  /// `text` with each byte's stand-in written `\xe9`; `text` itself when it holds none.
  static func written(_ text: String) -> String {
    guard holdsStandIn(text) else { return text }
    var result = ""
    for scalar in text.unicodeScalars {
      if let byte = VisibleText.byte(standingIn: scalar) {
        result += "\\x" + VisibleText.hex(byte)
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  /// Whether `text` holds a byte's stand-in (whose UTF-8 starts with F4, as no text in use does).
  static func holdsStandIn(_ text: String) -> Bool {
    text.utf8.contains(0xF4) && text.unicodeScalars.contains { VisibleText.byte(standingIn: $0) != nil }
  }

  /// The byte `\xNN` at `index` writes (NN from 80 to ff), or `nil` when there is none.
  private static func byte(at index: Int, in scalars: [Unicode.Scalar]) -> UInt8? {
    guard index + 3 < scalars.count, scalars[index] == "\\", scalars[index + 1] == "x",
      let high = hexValue(scalars[index + 2]), high >= 8, let low = hexValue(scalars[index + 3])
    else { return nil }
    return high << 4 | low
  }

  private static func hexValue(_ scalar: Unicode.Scalar) -> UInt8? {
    switch scalar {
    case "0"..."9": return UInt8(scalar.value - 0x30)
    case "a"..."f": return UInt8(scalar.value - 0x61 + 10)
    case "A"..."F": return UInt8(scalar.value - 0x41 + 10)
    default: return nil
    }
  }
}
