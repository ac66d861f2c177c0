import Session

/// Takes a statement's events from the engine as they come and shows each at once: a
/// response as its dispatch ends (with what the live view printed of it while it streamed),
/// so a sourced file's requests appear one after another, each whole.
///
/// It keeps the events too: the journal and what the shell learns from a statement read
/// them once the statement ended.
final class ShellEventSink {
  let shell: Shell
  let live: LiveView
  let renderer: ExchangeRenderer
  // Changed only by `receive`, which the engine calls on the shell's thread, one event at a time:
  // the run-time exclusivity check of a class's property would cost more than the change.
  @exclusivity(unchecked) private(set) var events: [SessionEvent] = []
  /// What the live view printed of the hops of the dispatch being shown: a request followed
  /// through redirects is handed on as one hop after another, once all of them ended.
  @exclusivity(unchecked) private var hops: [LiveProgress] = []

  init(shell: Shell, live: LiveView, renderer: ExchangeRenderer) {
    self.shell = shell
    self.live = live
    self.renderer = renderer
    // A request's response and its recording: one allocation, not one and then a larger one.
    events.reserveCapacity(4)
  }

  func receive(_ event: SessionEvent) {
    events.append(event)
    var shown = LiveProgress()
    if case .dispatched(let record) = event {
      if record.hop == 0 { hops = live.takeDispatch() }
      if !hops.isEmpty { shown = hops.removeFirst() }
    }
    shell.show(event, alreadyShown: shown, renderer: renderer)
  }
}
