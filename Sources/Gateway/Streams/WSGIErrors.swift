/// `wsgi.errors`: the text stream an app logs to. Everything written is captured.
///
/// The stream belongs to one dispatch and is used from the thread running it.
public final class WSGIErrors: @unchecked Sendable {
  /// The dispatch capturing what is written, until it finishes. Held strongly:
  /// a weak reference would cost a side table per stream and dispatch.
  var recorder: DispatchRecorder?

  /// Creates an error stream; the dispatch that receives it captures what is written.
  public init() {}

  /// Writes text.
  public func write(_ text: String) {
    recorder?.errorsWrite(Array(text.utf8), call: "write")
  }

  /// Writes each string in turn; no newlines are added, as in Python.
  public func writelines(_ lines: [String]) {
    recorder?.errorsWrite(Array(lines.joined().utf8), call: "writelines")
  }

  /// Flushes the stream; captured text is never buffered, so this only shows in the trace.
  public func flush() {
    recorder?.errorsWrite([], call: "flush")
  }

  /// Closing is the server's job: an app that calls this breaks a rule, and the stream stays open.
  public func close() {
    recorder?.errorsWrite([], call: "close")
  }
}
