/// Re-indents a JSON document, keeping its keys in the order the app sent them.
///
/// Strings and numbers are copied as written, so what is shown is what was
/// sent, only laid out. Anything that is not exactly one JSON value (by the
/// same reading and nesting limit as ``JSONValue/init(parsing:)-(String)``) is
/// refused, and the body is then shown as text.
public struct JSONLayout {
  /// The document re-indented by two spaces, or `nil` when `bytes` is not JSON.
  public static func indented(_ bytes: [UInt8]) -> [UInt8]? {
    bytes.withUnsafeBufferPointer { buffer in
      var engine = JSONLayoutEngine()
      var output = ByteWriter(capacity: buffer.count + buffer.count / 2)
      guard engine.run(JSONLayoutWriting.self, buffer, final: true, into: &output) != nil, engine.isComplete else {
        output.deallocate()
        return nil
      }
      return output.finish()
    }
  }

  /// The start of a document that was cut short, such as a large body's head,
  /// re-indented as far as it goes (a value cut in two ends the text as it
  /// came), or `nil` when what is there is not the start of a JSON document.
  public static func indentedHead(_ bytes: [UInt8]) -> [UInt8]? {
    bytes.withUnsafeBufferPointer { buffer in
      var engine = JSONLayoutEngine()
      var output = ByteWriter(capacity: buffer.count + buffer.count / 2)
      guard let stop = engine.run(JSONLayoutWriting.self, buffer, final: false, into: &output) else {
        output.deallocate()
        return nil
      }
      if stop < buffer.count {
        // The token the head ends inside, as it came, after the separator written before it.
        output.append(UnsafeBufferPointer(rebasing: buffer[stop...]))
      } else if engine.endsWithBreakAfterComma {
        // The head ends with a comma: the line break after it is for an element that never comes.
        output.removeLast(1 + engine.depth * 2)
      }
      return output.finish()
    }
  }

  /// Lays out a document that arrives in pieces, such as a body streamed to
  /// the screen, holding no more than the last piece and a token cut in two:
  /// memory stays bounded whatever the document's size.
  ///
  /// ```swift
  /// var stream = JSONLayout.Stream()
  /// for chunk in chunks { write(stream.feed(chunk) ?? chunk) }
  /// _ = stream.finish()
  /// ```
  ///
  /// ``feed(_:into:)`` lends each piece's layout to a closure instead, from one
  /// buffer reused for every piece; a stream made with `checkingOnly` reads
  /// the document without laying it out, to learn whether it is JSON at all
  /// before any of it is shown.
  public struct Stream {
    private var engine = JSONLayoutEngine()
    /// The start of a token cut at the end of the last piece.
    private var pending: [UInt8] = []
    private var failed = false
    private let checkingOnly: Bool
    private let buffers = Buffers()

    /// The buffers a stream reuses from piece to piece, given back with it.
    private final class Buffers {
      var output = ByteWriter(capacity: 0)
      var input: [UInt8] = []
      deinit { output.deallocate() }
    }

    /// - Parameter checkingOnly: Whether the stream only checks that the bytes are one JSON document
    ///   (by the same reading as the layout), writing nothing.
    public init(checkingOnly: Bool = false) {
      self.checkingOnly = checkingOnly
    }

    /// The layout of `chunk` as far as it goes (a token cut at its end waits for
    /// the next piece), or `nil` once the bytes so far are not JSON; after `nil`
    /// every later call gives `nil` too.
    public mutating func feed(_ chunk: [UInt8]) -> [UInt8]? {
      var laidOut: [UInt8] = []
      let fine = chunk.withUnsafeBufferPointer { chunk in feed(chunk) { laidOut.append(contentsOf: $0) } }
      return fine ? laidOut : nil
    }

    /// The rest of the layout once the document has ended, or `nil` when the
    /// bytes were not exactly one JSON document.
    public mutating func finish() -> [UInt8]? {
      var laidOut: [UInt8] = []
      return finish { laidOut.append(contentsOf: $0) } ? laidOut : nil
    }

    /// Lays out `chunk` as far as it goes and hands the layout to `write` (not
    /// at all when there is none); `false` once the bytes so far are not JSON.
    /// The bytes lent to `write` are valid only during the call.
    public mutating func feed(
      _ chunk: UnsafeBufferPointer<UInt8>, into write: (UnsafeBufferPointer<UInt8>) -> Void
    ) -> Bool {
      guard !failed else { return false }
      buffers.output.removeAll()
      var rest = chunk
      if !pending.isEmpty {
        guard let used = finishPending(chunk) else { return fail() }
        rest = UnsafeBufferPointer(rebasing: chunk[used...])
      }
      if !rest.isEmpty {
        guard let stop = run(rest, final: false) else { return fail() }
        if stop < rest.count { pending = Array(rest[stop...]) }
      }
      if buffers.output.count > 0 { write(buffers.output.written) }
      return true
    }

    /// Ends the document: the rest of the layout goes to `write`; `false` when
    /// the bytes were not exactly one JSON document.
    public mutating func finish(into write: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
      guard !failed else { return false }
      buffers.output.removeAll()
      let rest = pending
      pending = []
      guard rest.withUnsafeBufferPointer({ run($0, final: true) }) != nil, engine.isComplete else { return fail() }
      if buffers.output.count > 0 { write(buffers.output.written) }
      return true
    }

    /// Reads the token cut at the end of the last piece on into `chunk`, and
    /// what follows it as far as the bytes taken from `chunk` go; how many of
    /// them were read (the rest is read from `chunk` itself, not copied), or
    /// `nil` when the bytes are not JSON.
    private mutating func finishPending(_ chunk: UnsafeBufferPointer<UInt8>) -> Int? {
      // The token most likely ends within a few bytes; a longer one is taken twice as far each time.
      var taken = min(chunk.count, max(64, pending.count))
      while true {
        var input = buffers.input
        buffers.input = []
        input.removeAll(keepingCapacity: true)
        input.append(contentsOf: pending)
        input.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[..<taken]))
        let before = engine
        let written = buffers.output.count
        let stop = input.withUnsafeBufferPointer { run($0, final: false) }
        buffers.input = input
        guard let stop else { return nil }
        if stop >= pending.count {
          defer { pending = [] }
          return stop - pending.count
        }
        if taken == chunk.count {
          pending = Array(input[stop...])
          return taken
        }
        // Still inside the token: read it again from its start with more of the piece.
        engine = before
        buffers.output.removeLast(buffers.output.count - written)
        taken = min(chunk.count, taken * 2)
      }
    }

    private mutating func run(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool) -> Int? {
      checkingOnly
        ? engine.run(JSONLayoutChecking.self, bytes, final: final, into: &buffers.output)
        : engine.run(JSONLayoutWriting.self, bytes, final: final, into: &buffers.output)
    }

    private mutating func fail() -> Bool {
      failed = true
      pending = []
      return false
    }
  }
}
