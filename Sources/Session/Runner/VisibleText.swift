/// Text an app sent, made safe to print: controls, bidi overrides and the like
/// are written visibly (`\x1b`, `\r`, `\u{202e}`) so nothing reaches a terminal as a control sequence.
enum VisibleText {
  static func escaped(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x0A, 0x09: result.unicodeScalars.append(scalar)
      case 0x0D: result += "\\r"
      case 0..<0x20, 0x7F...0x9F:
        let hex = String(scalar.value, radix: 16)
        result += "\\x" + (hex.count < 2 ? "0" : "") + hex
      case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF:
        result += "\\u{" + String(scalar.value, radix: 16) + "}"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}
