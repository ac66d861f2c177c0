/// Re-indents a JSON document, keeping its keys in the order the app sent them.
///
/// Strings and numbers are copied as written, so what is shown is what was
/// sent, only laid out. Anything that is not exactly one JSON value (by the
/// same reading and nesting limit as ``JSONValue/init(parsing:)-(String)``) is
/// refused, and the body is then shown as text.
public struct JSONLayout {
  private var scanner: JSONScanner
  private var output: ByteWriter
  /// Just after `[` or `{`: the next token is the first inside, or the close of an empty container.
  private var afterOpen = false
  /// Just after a member name and its `: `.
  private var afterName = false

  /// The document re-indented by two spaces, or `nil` when `bytes` is not JSON.
  public static func indented(_ bytes: [UInt8]) -> [UInt8]? {
    bytes.withUnsafeBufferPointer { buffer in
      var layout = JSONLayout(bytes: buffer)
      guard (try? layout.document()) != nil else {
        layout.output.deallocate()
        return nil
      }
      return layout.output.finish()
    }
  }

  /// The start of a document that was cut short, such as a large body's head,
  /// re-indented as far as it goes (a value cut in two ends the text as it
  /// came), or `nil` when what is there is not the start of a JSON document.
  public static func indentedHead(_ bytes: [UInt8]) -> [UInt8]? {
    bytes.withUnsafeBufferPointer { buffer in
      var layout = JSONLayout(bytes: buffer)
      do throws(JSONScanner.Failure) {
        try layout.document()
      } catch  where error.cutShort {
        layout.finishCutShort()
      } catch {
        layout.output.deallocate()
        return nil
      }
      return layout.output.finish()
    }
  }

  private init(bytes: UnsafeBufferPointer<UInt8>) {
    scanner = JSONScanner(bytes)
    output = ByteWriter(capacity: bytes.count + bytes.count / 2)
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
    private var state = JSONScanner.State()
    private var afterOpen = false
    private var afterName = false
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
      guard !pending.isEmpty else { return run(chunk, final: false, into: write) }
      // The token cut at the end of the last piece goes on in this one.
      var input = buffers.input
      buffers.input = []
      input.removeAll(keepingCapacity: true)
      input.append(contentsOf: pending)
      input.append(contentsOf: chunk)
      let fine = input.withUnsafeBufferPointer { run($0, final: false, into: write) }
      buffers.input = input
      return fine
    }

    /// Ends the document: the rest of the layout goes to `write`; `false` when
    /// the bytes were not exactly one JSON document.
    public mutating func finish(into write: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
      guard !failed else { return false }
      let rest = pending
      return rest.withUnsafeBufferPointer { run($0, final: true, into: write) }
    }

    private mutating func run(
      _ buffer: UnsafeBufferPointer<UInt8>, final: Bool, into write: (UnsafeBufferPointer<UInt8>) -> Void
    ) -> Bool {
      var layout = JSONLayout(scanner: JSONScanner(buffer, resuming: state, final: final), output: buffers.output)
      layout.afterOpen = afterOpen
      layout.afterName = afterName
      defer { buffers.output = layout.output }
      do throws(JSONScanner.Failure) {
        if checkingOnly { try layout.check() } else { try layout.document() }
        pending = []
      } catch  where error.cutShort && !final {
        pending = Array(buffer[layout.scanner.tokenStart...])
      } catch {
        failed = true
        pending = []
        return false
      }
      state = layout.scanner.state
      afterOpen = layout.afterOpen
      afterName = layout.afterName
      if layout.output.count > 0 { write(layout.output.written) }
      return true
    }
  }

  /// Lays out into `output`, emptied first and reused.
  private init(scanner: JSONScanner, output: ByteWriter) {
    self.scanner = scanner
    self.output = output
    self.output.removeAll()
  }

  /// Reads the document to its end without writing.
  private mutating func check() throws(JSONScanner.Failure) {
    while try scanner.next() != nil {}
  }

  private mutating func document() throws(JSONScanner.Failure) {
    while let token = try scanner.next() {
      switch token {
      case .objectEnd: close(UInt8(ascii: "}"))
      case .arrayEnd: close(UInt8(ascii: "]"))
      // A container's opening bracket sits at its parent's level; the scanner already counts it.
      case .objectStart: open(UInt8(ascii: "{"))
      case .arrayStart: open(UInt8(ascii: "["))
      case .name(let range, _):
        separate(level: scanner.depth)
        copy(range)
        output.append(UInt8(ascii: ":"), UInt8(ascii: " "))
        afterOpen = false
        afterName = true
      case .string(let range, _), .number(let range), .stringPart(let range, opening: true):
        separate(level: scanner.depth)
        copy(range)
        afterOpen = false
      case .stringPart(let range, opening: false), .stringEnd(let range):
        // A string longer than what the bytes hold goes out as it comes.
        copy(range)
      case .true: word("true")
      case .false: word("false")
      case .null: word("null")
      }
    }
  }

  /// Copies a token as written; a short one eight bytes at a time when the bytes after it may be read.
  @inline(__always)
  private mutating func copy(_ range: Range<Int>) {
    let length = range.upperBound &- range.lowerBound
    if length <= 16, range.lowerBound &+ 16 <= scanner.bytes.count {
      output.appendUpToSixteen(scanner.bytes.baseAddress! + range.lowerBound, length: length)
    } else if length <= 64, range.lowerBound &+ (length &+ 7) & ~7 <= scanner.bytes.count {
      output.appendShort(scanner.bytes.baseAddress! + range.lowerBound, length: length)
    } else {
      output.append(scanner.slice(range))
    }
  }

  @inline(__always)
  private mutating func open(_ bracket: UInt8) {
    separate(level: scanner.depth - 1)
    output.append(bracket)
    afterOpen = true
  }

  @inline(__always)
  private mutating func close(_ bracket: UInt8) {
    if !afterOpen { newline(scanner.depth) }
    output.append(bracket)
    afterOpen = false
  }

  @inline(__always)
  private mutating func word(_ text: StaticString) {
    separate(level: scanner.depth)
    output.append(text)
    afterOpen = false
  }

  /// What goes before a value or a name: nothing after a name, a line break
  /// after `[` or `{`, a comma and a line break after an earlier element.
  private mutating func separate(level: Int) {
    if afterName {
      afterName = false
      return
    }
    guard level > 0 else { return }
    if !afterOpen { output.append(UInt8(ascii: ",")) }
    newline(level)
  }

  /// Ends a head cut inside a token: what is left of it, as it came, after the
  /// comma and line break the next element would have had.
  private mutating func finishCutShort() {
    var rest = scanner.bytes[scanner.tokenStart...].drop { Self.isSpace($0) }
    if afterName || rest.isEmpty {
      output.append(UnsafeBufferPointer(rebasing: rest))
      return
    }
    if rest.first == UInt8(ascii: ",") {
      output.append(UInt8(ascii: ","))
      afterOpen = true  // the comma is written: only the line break is still to come
      rest = rest.dropFirst().drop { Self.isSpace($0) }
      if rest.isEmpty { return }
    }
    if scanner.depth > 0 {
      if !afterOpen { output.append(UInt8(ascii: ",")) }
      newline(scanner.depth)
    }
    output.append(UnsafeBufferPointer(rebasing: rest))
  }

  private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

  private mutating func newline(_ level: Int) {
    output.newline(indent: level * 2)
  }
}
