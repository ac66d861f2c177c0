import Gateway

/// How output is decorated: ANSI colours on a terminal, plain text elsewhere.
struct TerminalStyle: Sendable {
  /// A colour or emphasis.
  enum Ink: String, Sendable {
    case bold = "1"
    case dim = "2"
    case red = "31"
    case green = "32"
    case yellow = "33"
    case blue = "34"
    case magenta = "35"
    case cyan = "36"
  }

  /// Whether colours are written.
  var colours: Bool

  /// Plain text, for pipes, files and tests.
  static let plain = TerminalStyle(colours: false)

  /// Colours only on a terminal, and never when `NO_COLOR` is set (https://no-color.org).
  /// - Parameters:
  ///   - isTerminal: Whether the output is a terminal.
  ///   - environment: The process environment.
  static func detect(isTerminal: Bool, environment: [String: String]) -> TerminalStyle {
    let noColour = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
    let dumb = environment["TERM"] == "dumb"
    return TerminalStyle(colours: isTerminal && !noColour && !dumb)
  }

  /// `text` in `ink`. The text must already be safe (see ``TerminalText``).
  func paint(_ text: String, _ ink: Ink...) -> String {
    guard colours, !ink.isEmpty, !text.isEmpty else { return text }
    return "\u{1b}[" + ink.map(\.rawValue).joined(separator: ";") + "m" + text + "\u{1b}[0m"
  }

  /// `text` in one ink: most painting is, for every header, and needs no list of inks.
  func paint(_ text: String, _ ink: Ink) -> String {
    guard colours, !text.isEmpty else { return text }
    return "\u{1b}[" + ink.rawValue + "m" + text + "\u{1b}[0m"
  }

  /// `text` in `inks`, appended to `out`. The text must already be safe (see ``TerminalText``).
  func paint(_ text: String, _ inks: Ink..., to out: inout TextBuffer) {
    guard colours, !inks.isEmpty, !text.isEmpty else { return out.append(text) }
    begin(inks, to: &out)
    out.append(text)
    end(to: &out)
  }

  /// Starts text in `ink`, for a line written in pieces; ``end(to:)`` ends it.
  func begin(_ ink: Ink, to out: inout TextBuffer) {
    if colours { begin([ink], to: &out) }
  }

  /// Ends what ``begin(_:to:)`` started.
  func end(to out: inout TextBuffer) {
    if colours { out.append("\u{1b}[0m") }
  }

  private func begin(_ inks: [Ink], to out: inout TextBuffer) {
    out.append("\u{1b}[")
    for (index, ink) in inks.enumerated() {
      if index > 0 { out.append(";") }
      out.append(ink.rawValue)
    }
    out.append("m")
  }

  /// The colour of a status line by its class: 2xx green, 3xx cyan, 4xx yellow, 5xx red.
  static func ink(forStatusCode code: Int?) -> Ink {
    switch code ?? 0 {
    case 100..<200: return .blue
    case 200..<300: return .green
    case 300..<400: return .cyan
    case 400..<500: return .yellow
    default: return .red
    }
  }
}
