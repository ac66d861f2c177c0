import Gateway
import Session

/// Shows what the session engine reported for one statement: loads, notes,
/// expectations, captures, `show` output, help and errors. Exchanges are shown
/// by ``ExchangeRenderer``.
struct EventRenderer {
  /// Colours, or none.
  var style: TerminalStyle

  /// An error as the prompt shows it: the message without the file and caret of a session file,
  /// its lines kept (a Python traceback reads line by line), any other control character escaped.
  func error(_ error: SessionError) -> String {
    style.paint("error: ", .red, .bold) + TerminalText.escape(error.message, multiline: true) + "\n"
  }

  func appLoaded(name: String, spec: String, prefix: String?) -> String {
    let what = spec == name ? name : "\(name) (\(spec))"
    if let prefix {
      return style.paint("mounted ", .green) + TerminalText.escape(what) + " at " + TerminalText.escape(prefix) + "\n"
    }
    return style.paint("loaded ", .green) + TerminalText.escape(what) + style.paint(" — requests go to it", .dim) + "\n"
  }

  func message(_ text: String) -> String {
    style.paint(TerminalText.escape(text, multiline: true), .dim) + "\n"
  }

  func expectation(_ result: ExpectationResult) -> String {
    if result.passed {
      return style.paint("✓ ", .green, .bold) + TerminalText.escape(result.statement) + "\n"
    }
    var lines = [style.paint("✗ ", .red, .bold) + TerminalText.escape(result.statement)]
    for line in ExpectationReport(result).lines {
      let ink: TerminalStyle.Ink = line.role == .removed ? .red : line.role == .added ? .green : .dim
      lines.append(
        line.role == .actual || line.role == .expected
          ? TerminalText.escape(line.text) : style.paint(TerminalText.escape(line.text), ink))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `show diff`: what changed since the same request was last sent, as a replay shows it.
  func diff(_ comparison: AnswerComparison) -> String {
    let request = TerminalText.escape(comparison.request)
    guard let ago = comparison.answersAgo else {
      return style.paint("\(request) was not sent before in this session: nothing to compare with", .dim) + "\n"
    }
    let when = ago == 1 ? "the answer just before" : "\(ago) answers ago"
    guard !comparison.diff.isEmpty else {
      return style.paint("the same answer to \(request) as when it was last sent (\(when))", .green) + "\n"
    }
    var lines = [style.paint("what changed in the answer to \(request) since it was last sent (\(when)):", .bold)]
    for line in comparison.diff {
      let ink: TerminalStyle.Ink =
        line.hasPrefix("+") ? .green : line.hasPrefix("-") ? .red : line.hasPrefix("@@") ? .cyan : .dim
      lines.append(style.paint(TerminalText.escape(line), ink))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  func captured(name: String, value: String) -> String {
    let shownName = style.paint(TerminalText.escape(name), .bold)
    // A capture can hold a megabyte (a header, a body): its head is shown, as a long header's is.
    guard let (head, leftOut) = value.utf8Head(within: ExchangeRenderer.headerValueBudget) else {
      return shownName + " = " + TerminalText.escape(value) + "\n"
    }
    let hint =
      "… " + Measures.part(leftOut, of: value.utf8.count) + " of " + TerminalText.escape(name)
      + " not shown — {{" + TerminalText.escape(name) + "}} holds it all"
    return shownName + " = " + TerminalText.escape(head) + "…\n" + style.paint(hint, .dim) + "\n"
  }

  /// `show env`: every entry, strings as strings and the rest by type.
  func environ(_ environ: Environ) -> String {
    let width = min(24, environ.keys.map(\.count).max() ?? 0) + 1
    return environ.entries.map { entry in
      style.paint(TerminalText.escape(entry.key).padding(to: width), .cyan) + " "
        + TerminalText.escape(entry.value.shownText)
        + (entry.value.nativeBytesText.map { style.paint("  (the app gets \($0))", .dim) } ?? "")
    }.joined(separator: "\n") + "\n"
  }

  /// `show request`: what the next `send` would send.
  func request(_ preview: RequestPreview) -> String {
    var lines = [
      style.paint(TerminalText.escape(preview.method) + " " + TerminalText.escape(preview.target), .bold)
        + (preview.appName.map { style.paint("  → " + TerminalText.escape($0), .dim) } ?? "")
    ]
    for header in preview.headers {
      lines.append(style.paint(TerminalText.escape(header.name), .cyan) + ": " + TerminalText.escape(header.value))
    }
    for (key, value) in preview.overrides {
      let shown = value.map { "= " + TerminalText.escape($0.displayText) } ?? style.paint("(removed)", .dim)
      lines.append(style.paint("set ", .dim) + style.paint(TerminalText.escape(key), .cyan) + " " + shown)
    }
    switch preview.body {
    case nil: lines.append(style.paint("(no body)", .dim))
    case .text(let template)?:
      lines.append("")
      lines.append(TerminalText.escape(template.text, multiline: true))
    case .file(let path)?: lines.append(style.paint("body from ", .dim) + TerminalText.escape(path))
    case .bytes(let bytes)?: lines.append(style.paint("body: \(Measures.bytes(bytes.count)) of bytes", .dim))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  func cookies(_ cookies: [Cookie], enabled: Bool) -> String {
    var lines = cookies.map { cookie in
      style.paint(TerminalText.escape(cookie.appName), .dim) + " "
        + style.paint(TerminalText.escape(cookie.name), .cyan)
        + "=" + TerminalText.escape(cookie.value)
        + style.paint(" (path " + TerminalText.escape(cookie.path) + ")", .dim)
    }
    if cookies.isEmpty { lines.append(style.paint("(the cookie jar is empty)", .dim)) }
    if !enabled { lines.append(style.paint("cookies are off", .yellow)) }
    return lines.joined(separator: "\n") + "\n"
  }
}
