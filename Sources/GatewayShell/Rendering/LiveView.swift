import ContentCoding
import Gateway
import Platform
import Synchronization

/// What a live view printed of one response before the exchange ended.
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

/// Prints a response while it streams, once it is slow enough for that to
/// matter: a quick response is left to the full render (which pretty-prints
/// JSON), a slow one shows its status, headers and chunks as they arrive.
///
/// A body is printed as it comes only once it has kept coming for the same
/// while: a response that was slow to start (an app stopped at a breakpoint, a
/// slow query) but then came whole shows its headers at once and its body as
/// the full render lays it out.
///
/// The app's thread calls it; after ``finish()`` later calls from an abandoned
/// app are ignored, so they cannot write over the prompt.
final class LiveView: ExchangeObserver {
  /// One response: a redirect followed makes several.
  private struct Hop {
    var status: String
    var headers: [HeaderField]
    var pending: [UInt8] = []
    var progress = LiveProgress()
    var decoder = SafeDecoder(multiline: true)
    var kind: BodyKind?
    var lines = 0
    var tooFastToStream = false
    /// Whether the body is printed as it comes: it kept coming for a while after the view went live.
    var bodyLive = false
    /// Whether the body is coded (Content-Encoding): it is shown decoded by the full render, not as it streams.
    var coded = false
    /// Bytes of a hex dump's last row, which waits for the next chunk so rows line up.
    var carry: [UInt8] = []
  }

  static let pendingLimit = 1 << 16
  /// The most of a chunk decoded into text at once.
  static let sliceLength = 1 << 20

  private struct State {
    var hops: [Hop] = []
    var live = false
    var finished = false
    /// The clock's action that makes the view live, cancelled when the dispatch ends sooner.
    var goingLive: Alarm.Ticket?
    /// The clock's action that starts printing the current response's body, cancelled when it ends sooner.
    var bodyGoingLive: Alarm.Ticket?
    /// When the statement's previous dispatch ended (``MonotonicClock``), once one did: the clock
    /// for the next starts then, and is set going by that dispatch's first response, if it has one.
    var previousEnded: Int64?
  }

  private let renderer: ExchangeRenderer
  private let output: any TextOutput
  private let liveAfter: Duration
  private let state = Mutex(State())

  /// Creates a live view and starts its clock.
  /// - Parameters:
  ///   - renderer: Renders the status and headers, and knows the screen size.
  ///   - output: Where to print.
  ///   - liveAfter: How long into the dispatch the response starts to be printed as it comes.
  init(renderer: ExchangeRenderer, output: any TextOutput, liveAfter: Duration = .milliseconds(150)) {
    self.renderer = renderer
    self.output = output
    self.liveAfter = liveAfter
    // Held strongly: the alarm lets go of the action once it ran (after `liveAfter`) or `finish()`
    // cancelled it. A weak reference would give the view a side table, which the runtime points to only
    // through bits of the object's reference count, so LeakSanitizer took it for a leak whenever a
    // view outlived the process (an abandoned app holds its observer).
    let ticket = Alarm.shared.schedule(after: liveAfter) { self.goLive() }
    state.withLock { $0.goingLive = ticket }
  }

  func headersSent(status: String, headers: [HeaderField]) {
    state.withLock { state in
      guard !state.finished else { return }
      var hop = Hop(status: status, headers: headers)
      hop.coded = ContentCoding(header: headers.first(named: "Content-Encoding")) != nil
      let followed = !state.hops.isEmpty
      state.hops.append(hop)
      // A redirect followed: the body of the response before it is over.
      if let ticket = state.bodyGoingLive {
        Alarm.shared.cancel(ticket)
        state.bodyGoingLive = nil
      }
      if followed, state.live {
        // The response before it is finished by the full render (its body, when it came whole,
        // its summary, the redirect line): this one waits a while of its own before it is printed
        // as it comes, so a quick one is shown after them, in order, by the full render too.
        state.live = false
        state.goingLive = Alarm.shared.schedule(after: liveAfter) { self.goLive() }
      }
      if let ended = state.previousEnded {
        // A later dispatch of the statement: its clock, counted from when the one before ended. The
        // alarm runs its actions without its own lock held, so scheduling under this one is safe.
        state.previousEnded = nil
        let waited = Duration.nanoseconds(MonotonicClock.now() - ended)
        if waited >= liveAfter {
          state.live = true
        } else {
          state.goingLive = Alarm.shared.schedule(after: liveAfter - waited) { self.goLive() }
        }
      }
      if state.live { printLastPending(&state) }
    }
  }

  func bodySent(_ bytes: [UInt8]) {
    state.withLock { state in
      guard !state.finished, !state.hops.isEmpty else { return }
      let index = state.hops.count - 1
      guard !state.hops[index].progress.cut, !state.hops[index].tooFastToStream, !state.hops[index].coded else {
        return
      }
      // The first chunk waiting is kept as it came, not copied: it may be large.
      if state.hops[index].pending.isEmpty {
        state.hops[index].pending = bytes
      } else {
        state.hops[index].pending += bytes
      }
      // Past the limit, a body is not held any longer: before the view is live it came quickly and
      // is shown by the full render; once it is live it is printed from now on, as it comes.
      if !state.hops[index].bodyLive, state.hops[index].pending.count > Self.pendingLimit {
        if state.live {
          state.hops[index].bodyLive = true
        } else {
          state.hops[index].pending = []
          state.hops[index].tooFastToStream = true
        }
      }
      if state.live { printLastPending(&state) }
    }
  }

  /// The response has been running a while: print what came so far, and from now on what comes.
  func goLive() {
    state.withLock { state in
      guard !state.finished else { return }
      state.live = true
      printLastPending(&state)
    }
  }

  /// pdb is about to print its frame and prompt (a breakpoint stopped the app): print what came
  /// so far, the status and headers and the body's chunks, so it stands above pdb's prompt. The
  /// app is stopped meanwhile, so nothing else comes to print over the prompt.
  func showBeforeDebugger() {
    state.withLock { state in
      guard !state.finished else { return }
      state.live = true
      if let last = state.hops.indices.last, !state.hops[last].pending.isEmpty {
        state.hops[last].bodyLive = true
      }
      printLastPending(&state)
    }
  }

  /// The body of the response at `hop` has kept coming since the view went live: print what
  /// came so far, and from now on what comes.
  /// - Parameter hop: The response the action was set for; one that came since (a redirect
  ///   followed as the action ran) waits for its own.
  private func bodyGoesLive(hop: Int) {
    state.withLock { state in
      guard !state.finished, state.hops.count - 1 == hop else { return }
      state.bodyGoingLive = nil
      state.hops[hop].bodyLive = true
      printLastPending(&state)
    }
  }

  /// Prints what the current response (the last hop) holds.
  private func printLastPending(_ state: inout State) {
    guard !state.hops.isEmpty else { return }
    // Moved out and back, not copied: the hop holds the pending chunk.
    var hop = state.hops.removeLast()
    printPending(&hop, in: &state)
    state.hops.append(hop)
  }

  /// Prints the headers, and the body that came, once the body has kept coming for a while.
  /// - Parameter state: The view's state, for the clock's action that starts the body.
  private func printPending(_ hop: inout Hop, in state: inout State) {
    if !hop.progress.headers {
      hop.progress.headers = true
      output.write(renderer.statusAndHeaders(status: hop.status, headers: hop.headers))
    }
    guard !hop.pending.isEmpty, !hop.progress.cut, !hop.tooFastToStream else {
      hop.pending = []
      return
    }
    guard hop.bodyLive else {
      // The alarm runs its actions without its own lock held, so scheduling under this one is safe.
      if state.bodyGoingLive == nil {
        // `hop` is out of the list while it prints: it is the one at the list's end.
        let index = state.hops.count
        state.bodyGoingLive = Alarm.shared.schedule(after: liveAfter) { self.bodyGoesLive(hop: index) }
      }
      return
    }
    var chunk = hop.pending
    hop.pending = []
    if hop.kind == nil {
      hop.kind = BodyKind.of(contentType: hop.headers.first(named: "Content-Type"), head: chunk)
      output.write("\n")
    }
    if !renderer.full {
      // The same screenful as the full render, counted on the bytes as sent: lines and bytes both,
      // so a body streamed without line feeds (minified JSON, binary) is cut too.
      var room = BodyCut.Room(
        lines: renderer.screenLines - hop.lines, bytes: renderer.byteBudget - hop.progress.bodyBytes)
      if hop.kind == .binary { room.bytes = room.lines * 16 - hop.carry.count }
      let end = BodyCut.end(of: chunk, within: room, binary: hop.kind == .binary)
      if end < chunk.count {
        chunk = Array(chunk[..<end])
        hop.progress.cut = true
      }
    }
    var text: String
    if hop.kind == .binary {
      // Whole rows only, so the dump's rows line up across chunks; the rest waits for the next chunk.
      let start = hop.progress.bodyBytes - hop.carry.count
      hop.carry += chunk
      let rows = hop.progress.cut ? hop.carry.count : hop.carry.count / 16 * 16
      text = HexDump.text(hop.carry[..<rows], startOffset: start)
      hop.carry.removeFirst(rows)
      hop.lines += (rows + 15) / 16
    } else {
      // A large chunk is decoded and written a slice at a time, so it never becomes one large text.
      var start = 0
      while chunk.count - start > Self.sliceLength {
        hop.decoder.feed(chunk[start..<(start + Self.sliceLength)])
        let part = hop.decoder.take()
        if !part.isEmpty { hop.progress.endedWithNewline = part.hasSuffix("\n") }
        output.write(part)
        start += Self.sliceLength
      }
      hop.decoder.feed(chunk[start...])
      text = hop.decoder.take()
      if hop.progress.cut { text += hop.decoder.finish() }
      if !renderer.full { hop.lines += chunk.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
    }
    hop.progress.bodyBytes += chunk.count
    if hop.progress.cut, !text.isEmpty, !text.hasSuffix("\n") { text += "…\n" }
    if !text.isEmpty { hop.progress.endedWithNewline = text.hasSuffix("\n") }
    output.write(text)
  }

  /// Stops printing and says what was printed of each response, in order.
  func finish() -> [LiveProgress] {
    state.withLock { state in
      state.finished = true
      if let ticket = state.goingLive { Alarm.shared.cancel(ticket) }
      if let ticket = state.bodyGoingLive { Alarm.shared.cancel(ticket) }
      return Self.endHops(&state, output: output)
    }
  }

  /// Says what was printed of each response of the dispatch that ended (a request and its
  /// redirects), in order, and starts over for the statement's next dispatch (a sourced file's
  /// next request): nothing printed yet, and the clock from now, so a quick response after a
  /// slow one is left to the full render again. The clock is set going only if a next dispatch
  /// answers: a statement of one request, nearly every one, schedules nothing more.
  func takeDispatch() -> [LiveProgress] {
    state.withLock { state in
      if let ticket = state.goingLive { Alarm.shared.cancel(ticket) }
      if let ticket = state.bodyGoingLive { Alarm.shared.cancel(ticket) }
      state.goingLive = nil
      state.bodyGoingLive = nil
      let progress = Self.endHops(&state, output: output)
      state.hops = []
      state.live = false
      state.previousEnded = MonotonicClock.now()
      return progress
    }
  }

  /// Prints what the hops still hold (a hex dump's last row, a character cut at a chunk's end),
  /// and says what was printed of each.
  private static func endHops(_ state: inout State, output: any TextOutput) -> [LiveProgress] {
    for index in state.hops.indices where state.hops[index].progress.bodyBytes > 0 {
      guard !state.hops[index].progress.cut else { continue }
      let carry = state.hops[index].carry
      if !carry.isEmpty {
        let start = state.hops[index].progress.bodyBytes - carry.count
        output.write(HexDump.text(carry[...], startOffset: start))
        state.hops[index].progress.endedWithNewline = true
      }
      let rest = state.hops[index].decoder.finish()
      if !rest.isEmpty {
        output.write(rest)
        state.hops[index].progress.endedWithNewline = rest.hasSuffix("\n")
      }
    }
    return state.hops.map(\.progress)
  }
}
