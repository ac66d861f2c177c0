import Gateway

/// Sizes and durations as a user reads them.
enum Measures {
  /// `812 B`, `12.4 KB`, `3.1 MB`.
  static func bytes(_ count: Int) -> String {
    text { appendBytes(count, to: &$0) }
  }

  /// Writes ``bytes(_:)``'s text into `out`: every response's summary line has one or more,
  /// and a `String` made for each and copied in cost about three times as much.
  static func appendBytes(_ count: Int, to out: inout TextBuffer) {
    guard count >= 1000 else {
      out.append(decimal: count)
      out.append(" B")
      return
    }
    let units = ["KB", "MB", "GB", "TB"]
    var value = Double(count) / 1000
    var unit = 0
    while value >= 1000, unit < units.count - 1 {
      value /= 1000
      unit += 1
    }
    appendTenths(Int((value * 10).rounded()), to: &out)
    out.append(UInt8(ascii: " "))
    out.append(units[unit])
  }

  /// `4.0 KB more of 5.2 MB`: what was left out, of the whole. When rounding would make the two
  /// look equal though some was shown, both are given in bytes.
  static func part(_ left: Int, of total: Int) -> String {
    let (part, whole) = (bytes(left), bytes(total))
    guard part == whole, left != total else { return part + " more of " + whole }
    return grouped(left) + " more bytes of " + grouped(total)
  }

  /// `5,242,880`.
  static func grouped(_ count: Int) -> String {
    var digits = String(count)
    var index = digits.endIndex
    while digits.distance(from: digits.startIndex, to: index) > 3 {
      index = digits.index(index, offsetBy: -3)
      digits.insert(",", at: index)
    }
    return digits
  }

  /// `0.4 ms`, `12 ms`, `1.52 s`.
  static func duration(_ duration: Duration) -> String {
    text { appendDuration(duration, to: &$0) }
  }

  /// Writes ``duration(_:)``'s text into `out`: the summary line has one or two.
  static func appendDuration(_ duration: Duration, to out: inout TextBuffer) {
    let (seconds, attoseconds) = duration.components
    let milliseconds = Double(seconds) * 1000 + Double(attoseconds) / 1e15
    if milliseconds >= 1000 {
      out.append("\((milliseconds / 10).rounded() / 100) s")
      return
    }
    if milliseconds >= 10 {
      out.append(decimal: Int(milliseconds.rounded()))
    } else {
      appendTenths(Int((milliseconds * 10).rounded()), to: &out)
    }
    out.append(" ms")
  }

  /// `tenths` ÷ 10 with one decimal: `4` is `0.4`, `-15` is `-1.5`.
  private static func appendTenths(_ tenths: Int, to out: inout TextBuffer) {
    if tenths < 0 { out.append(UInt8(ascii: "-")) }
    // A duration or size never comes near Int.min, whose magnitude Int cannot hold.
    let magnitude = abs(tenths)
    out.append(decimal: magnitude / 10)
    out.append(UInt8(ascii: "."))
    out.append(decimal: magnitude % 10)
  }

  /// The text a measure's `append…` writes, as a `String`.
  private static func text(_ write: (inout TextBuffer) -> Void) -> String {
    var text = TextBuffer(capacity: 16)
    write(&text)
    return text.text
  }

  /// `1 chunk`, `3 chunks`.
  static func count(_ value: Int, _ noun: String) -> String {
    text { appendCount(value, noun, to: &$0) }
  }

  /// Writes ``count(_:_:)``'s text into `out`.
  static func appendCount(_ value: Int, _ noun: String, to out: inout TextBuffer) {
    out.append(decimal: value)
    out.append(UInt8(ascii: " "))
    out.append(noun)
    if value != 1 { out.append(UInt8(ascii: "s")) }
  }
}
