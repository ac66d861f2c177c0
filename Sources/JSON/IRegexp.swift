/// An I-Regexp (RFC 9485), the interoperable regular expressions JSONPath's
/// `match` and `search` take, translated into a Swift `Regex`.
///
/// The translation spells every character out, so nothing Swift's syntax
/// gives a meaning I-Regexp does not (`\d`, `\b`, `(?…)`) slips through:
/// `.` is any character but `\n` and `\r`, groups do not capture, and matching
/// goes Unicode scalar by scalar rather than by grapheme.
struct IRegexp {
  private let regex: Regex<AnyRegexOutput>

  /// `nil` when `source` is not an I-Regexp.
  init?(_ source: String) {
    var translator = Translator(scalars: Array(source.unicodeScalars))
    guard let translated = translator.translate(), let regex = try? Regex(translated) else { return nil }
    self.regex = regex.matchingSemantics(.unicodeScalar)
  }

  /// `match`: the whole text is one match.
  func matchesWhole(_ text: String) -> Bool { (try? regex.wholeMatch(in: text)) != nil }

  /// `search`: some part of the text matches.
  func isFound(in text: String) -> Bool { (try? regex.firstMatch(in: text)) != nil }

  /// RFC 9485's grammar, written out in Swift's regex syntax as it is read.
  private struct Translator {
    let scalars: [Unicode.Scalar]
    var position = 0
    var output = ""

    private var peek: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    mutating func translate() -> String? {
      guard expression(), position == scalars.count else { return nil }
      return output
    }

    /// branch *( "|" branch )
    private mutating func expression() -> Bool {
      while true {
        while let scalar = peek, scalar != "|", scalar != ")" {
          guard piece() else { return false }
        }
        guard peek == "|" else { return true }
        position += 1
        output += "|"
      }
    }

    /// atom [ quantifier ]
    private mutating func piece() -> Bool {
      guard let scalar = peek else { return false }
      position += 1
      switch scalar {
      case "(":
        output += "(?:"
        guard expression(), peek == ")" else { return false }
        position += 1
        output += ")"
      case ".":
        output += "[^\\n\\r]"
      case "[":
        guard characterClass() else { return false }
      case "\\":
        guard let escaped = escape(inClass: false) else { return false }
        output += escaped
      case "*", "+", "?", "{", "}", "]", ")", "|":
        return false
      // RFC 9485's grammar reads `^` and `$` as plain characters, but the
      // compliance suite and the regex engines I-Regexp maps onto read them
      // as the start and end of the text; follow the suite.
      case "^":
        output += "\\A"
      case "$":
        output += "\\z"
      default:
        output += Self.literal(scalar)
      }
      return quantifier()
    }

    private mutating func quantifier() -> Bool {
      guard let scalar = peek else { return true }
      switch scalar {
      case "*", "+", "?":
        position += 1
        output.unicodeScalars.append(scalar)
      case "{":
        position += 1
        guard let low = number() else { return false }
        var high: Int? = low
        if peek == "," {
          position += 1
          high = peek == "}" ? nil : number()
          if peek != "}", high == nil { return false }
          if let high, high < low { return false }
        }
        guard peek == "}" else { return false }
        position += 1
        output += high == low ? "{\(low)}" : "{\(low),\(high.map(String.init) ?? "")}"
      default:
        break
      }
      return true
    }

    private mutating func number() -> Int? {
      var value = 0
      var any = false
      while let scalar = peek, ("0"..."9").contains(scalar) {
        value = min(value * 10 + Int(scalar.value - 48), 100_000)
        any = true
        position += 1
      }
      return any ? value : nil
    }

    /// After `\`: a single-character escape or `\p{…}` / `\P{…}`.
    private mutating func escape(inClass: Bool) -> String? {
      guard let scalar = peek else { return nil }
      position += 1
      switch scalar {
      case "n": return "\\n"
      case "r": return "\\r"
      case "t": return "\\t"
      case "(", ")", "*", "+", "-", ".", "?", "[", "\\", "]", "^", "{", "|", "}":
        return Self.literal(scalar)
      case "p", "P":
        guard peek == "{" else { return nil }
        position += 1
        var name = ""
        while let next = peek, next != "}" {
          name.unicodeScalars.append(next)
          position += 1
        }
        guard peek == "}", Self.categories.contains(name) else { return nil }
        position += 1
        return "\\\(scalar){\(name)}"
      default:
        return nil
      }
    }

    private static let categories: Set<String> = [
      "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd", "Nl", "No",
      "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "Z", "Zl", "Zp", "Zs",
      "S", "Sc", "Sk", "Sm", "So", "C", "Cc", "Cf", "Cn", "Co",
    ]

    /// `[` [`^`] ( `-` / item ) *item [`-`] `]`, after the `[`.
    private mutating func characterClass() -> Bool {
      output += "["
      if peek == "^" {
        position += 1
        output += "^"
      }
      var first = true
      while true {
        guard let scalar = peek else { return false }
        if scalar == "]", !first { break }
        if scalar == "-" {
          // A hyphen is a character only first or last in the class.
          guard first || scalars.indices.contains(position + 1) && scalars[position + 1] == "]" else { return false }
          position += 1
          output += Self.literal("-")
          first = false
          continue
        }
        first = false
        if scalar == "\\", position + 1 < scalars.count, scalars[position + 1] == "p" || scalars[position + 1] == "P" {
          position += 1
          guard let escaped = escape(inClass: true) else { return false }
          output += escaped
          continue
        }
        guard let low = classCharacter() else { return false }
        if peek == "-", position + 1 < scalars.count, scalars[position + 1] != "]" {
          position += 1
          guard let high = classCharacter(), low.value <= high.value else { return false }
          output += Self.literal(low) + "-" + Self.literal(high)
        } else {
          output += Self.literal(low)
        }
      }
      position += 1
      output += "]"
      return true
    }

    /// One character in a class: any but `-`, `[`, `\`, `]`, or a single-character escape.
    private mutating func classCharacter() -> Unicode.Scalar? {
      guard let scalar = peek else { return nil }
      position += 1
      switch scalar {
      case "-", "[", "]": return nil
      case "\\":
        guard let escaped = peek else { return nil }
        position += 1
        switch escaped {
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "(", ")", "*", "+", "-", ".", "?", "[", "\\", "]", "^", "{", "|", "}": return escaped
        default: return nil
        }
      default: return scalar
      }
    }

    /// A character as Swift's regex syntax reads it literally anywhere.
    private static func literal(_ scalar: Unicode.Scalar) -> String {
      if scalar.properties.isASCIIHexDigit || ("g"..."z").contains(scalar) || ("G"..."Z").contains(scalar) {
        return String(scalar)
      }
      return "\\u{" + String(scalar.value, radix: 16) + "}"
    }
  }
}
