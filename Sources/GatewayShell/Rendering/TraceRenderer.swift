import Gateway

/// Shows a call trace as a timeline: when each gateway call happened, the gap
/// since the one before, and what it was.
struct TraceRenderer {
  /// Colours, or none.
  var style: TerminalStyle

  /// The timeline, one call a line, ending in a newline.
  func render(_ trace: CallTrace) -> String {
    guard !trace.entries.isEmpty else { return style.paint("(no calls were recorded)", .dim) + "\n" }
    var lines: [String] = []
    var previous = Duration.zero
    let timeWidth = trace.entries.map { Measures.duration($0.time).count }.max() ?? 0
    for entry in trace.entries {
      let time = Measures.duration(entry.time)
      let gap = entry.time - previous
      previous = entry.time
      // A pause the user should notice is marked, so a slow stream stands out.
      let gapText = gap >= .milliseconds(100) ? style.paint(" +" + Measures.duration(gap), .yellow) : ""
      let padded = String(repeating: " ", count: timeWidth - time.count) + time
      lines.append(style.paint(padded, .dim) + "  " + describe(entry.event) + gapText)
    }
    if trace.droppedCount > 0 {
      lines.append(style.paint("… \(trace.droppedCount) more calls were counted but not recorded", .dim))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  func describe(_ event: CallTrace.Event) -> String {
    switch event {
    case .call:
      return style.paint("call", .bold) + " app(environ, start_response)"
    case .startResponse(let status, let headers, let excInfo):
      let names = headers.map { TerminalText.escape($0.name) }.joined(separator: ", ")
      var text = style.paint("start_response", .bold) + "(" + TerminalText.escape(status).quotedForTrace
      text += ", [" + names + "]"
      if let excInfo { text += ", exc_info=" + TerminalText.escape(excInfo) }
      return text + ")"
    case .write(let count):
      return style.paint("write", .bold) + "(" + Measures.bytes(count) + ")"
    case .yield(let count):
      return style.paint("yield", .bold) + " " + Measures.bytes(count)
    case .headersSent(let status):
      return style.paint("headers sent", .cyan) + " " + TerminalText.escape(status)
    case .input(let call, let count):
      return style.paint("wsgi.input", .bold) + "." + TerminalText.escape("\(call)") + " → " + Measures.bytes(count)
    case .errors(let call, let count):
      return style.paint("wsgi.errors", .bold) + "." + TerminalText.escape(call) + "(" + Measures.bytes(count) + ")"
    case .returned:
      return style.paint("returned", .bold) + " the body iterable"
    case .raised(let message):
      return style.paint("raised", .red, .bold) + " " + TerminalText.escape(message)
    case .close:
      return style.paint("close", .bold) + "()"
    case .stopped(let reason):
      return style.paint("stopped", .red, .bold) + " " + TerminalText.escape("\(reason)")
    }
  }
}

extension String {
  fileprivate var quotedForTrace: String { "'" + self + "'" }
}
