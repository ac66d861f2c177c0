import Gateway
import Synchronization

/// What a live view printed before the exchange ended.
struct LiveProgress: Sendable {
  /// Whether the status and headers were printed.
  var headers = false
  /// How many body bytes were printed.
  var bodyBytes = 0
  /// Whether the printed body ended with a line feed.
  var endedWithNewline = true
  /// Whether the body stopped being printed after a screenful.
  var cut = false
}

/// Prints a response while it streams: the status and headers as soon as they
/// go out, and the body's chunks as they arrive once the response is slow enough
/// for that to matter (a quick response is shown whole, with JSON pretty-printed).
///
/// The app's thread calls it; once ``finish()`` returns, later calls from an
/// abandoned app are ignored so they cannot write over the prompt.
final class LiveView: ExchangeObserver {
  private struct State {
    var progress = LiveProgress()
    var decoder = SafeDecoder(multiline: true)
    var kind: BodyKind?
    var contentType: String?
    var lines = 0
    var finished = false
    var pendingBody: [UInt8] = []
  }

  private let renderer: ExchangeRenderer
  private let output: any TextOutput
  private let start = ContinuousClock.now
  private let liveAfter: Duration
  private let state = Mutex(State())

  /// Creates a live view.
  /// - Parameters:
  ///   - renderer: Renders the status and headers, and knows the screen size.
  ///   - output: Where to print.
  ///   - liveAfter: How long into the dispatch body chunks start to be printed as they come.
  init(renderer: ExchangeRenderer, output: any TextOutput, liveAfter: Duration = .milliseconds(150)) {
    self.renderer = renderer
    self.output = output
    self.liveAfter = liveAfter
  }

  func headersSent(status: String, headers: [HeaderField]) {
    state.withLock { state in
      guard !state.finished else { return }
      state.progress.headers = true
      state.contentType = headers.first(named: "Content-Type")
      output.write(renderer.statusAndHeaders(status: status, headers: headers).joined(separator: "\n") + "\n")
    }
  }

  func bodySent(_ bytes: [UInt8]) {
    state.withLock { state in
      guard !state.finished, !state.progress.cut else { return }
      if state.progress.bodyBytes == 0 {
        guard ContinuousClock.now - start >= liveAfter else {
          // Quick so far: keep the first bytes to decide the body's kind, but leave the printing to the full render.
          state.pendingBody += bytes
          return
        }
        state.kind = BodyKind.of(contentType: state.contentType, head: state.pendingBody + bytes)
        output.write("\n")
      }
      let chunk = state.pendingBody + bytes
      state.pendingBody = []
      print(chunk, into: &state)
    }
  }

  private func print(_ chunk: [UInt8], into state: inout State) {
    var text: String
    if state.kind == .binary {
      text = HexDump.lines(chunk, startOffset: state.progress.bodyBytes).joined(separator: "\n") + "\n"
    } else {
      state.decoder.feed(chunk)
      text = state.decoder.take()
    }
    let budget = renderer.screenLines - state.lines
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    if !renderer.full, lines.count - 1 > budget {
      text = lines.prefix(max(budget, 0)).joined(separator: "\n") + "\n"
      state.progress.cut = true
    }
    state.lines += text.filter { $0 == "\n" }.count
    state.progress.bodyBytes += chunk.count
    state.progress.endedWithNewline = text.hasSuffix("\n") || (text.isEmpty && state.progress.endedWithNewline)
    output.write(text)
  }

  /// Stops printing and says what was printed.
  func finish() -> LiveProgress {
    state.withLock { state in
      state.finished = true
      if state.progress.bodyBytes > 0, !state.progress.cut {
        let rest = state.decoder.finish()
        if !rest.isEmpty {
          output.write(rest)
          state.progress.endedWithNewline = rest.hasSuffix("\n")
        }
      }
      return state.progress
    }
  }
}
