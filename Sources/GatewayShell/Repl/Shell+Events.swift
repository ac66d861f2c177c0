import Gateway
import Session

extension Shell {
  /// Shows an event that is not a dispatch.
  func show(_ event: SessionEvent) {
    let events = EventRenderer(style: style)
    switch event {
    case .appLoaded(let name, let spec, let prefix):
      output.write(events.appLoaded(name: name, spec: spec, prefix: prefix))
    case .appSelected(let name):
      output.write(style.paint("using ", .green) + TerminalText.escape(name) + "\n")
    case .expectation(let result):
      output.write(events.expectation(result))
    case .captured(let name, let value):
      output.write(events.captured(name: name, value: value))
    case .show(let shown):
      show(shown)
    case .help(let text):
      output.write(TerminalText.escape(text, multiline: true) + (text.hasSuffix("\n") ? "" : "\n"))
    case .message(let text):
      output.write(events.message(text))
    case .error(let error):
      output.write(events.error(error))
    case .saved(let path):
      output.write(style.paint("saved ", .green) + TerminalText.escape(path) + "\n")
    case .dispatched, .recorded, .quit:
      break
    }
  }

  private func show(_ shown: ShowOutput) {
    let events = EventRenderer(style: style)
    switch shown {
    case .environ(let environ):
      output.write(events.environ(environ))
    case .request(let preview):
      output.write(events.request(preview))
    case .response(let exchange, let full, let raw):
      var renderer = exchangeRenderer
      renderer.full = full
      renderer.raw = raw
      renderer.write(exchange, to: output)
    case .trace(let exchange):
      output.write(TraceRenderer(style: style).render(exchange.trace))
    case .cookies(let cookies, let enabled):
      output.write(events.cookies(cookies, enabled: enabled))
    case .diff(let comparison):
      output.write(events.diff(comparison))
    }
  }
}
