/// Writes a JSON document indented by two spaces a level, as ``JSONValue/prettyText``
/// lays it out, straight to UTF-8 bytes: for a document made once and sent,
/// building a ``JSONValue`` tree and freeing it cost more than writing it.
///
/// ```swift
/// var writer = JSONPrettyWriter()
/// writer.openObject()
/// writer.name("count")
/// writer.integer(2)
/// writer.closeObject()
/// let bytes = writer.finish()  // {\n  "count": 2\n}
/// ```
///
/// The caller keeps the structure: a ``name(_:)`` before each member's value,
/// a ``closeObject()`` or ``closeArray()`` for each one opened.
///
/// The bytes go into a buffer of its own, without an `Array`'s checks on every
/// append, and come out as an array once, from ``finish(lineFeed:)``, or in
/// pieces along the way, from ``flush(into:)``.
public struct JSONPrettyWriter: ~Copyable {
  private var output: ByteWriter
  private let asciiOnly: Bool
  /// How many objects and arrays are open.
  private var depth = 0
  /// Whether the innermost open one holds nothing yet. Those around it hold it, so they are not empty.
  private var empty = false
  /// Just after a member name: its value follows on the same line.
  private var afterName = false

  /// - Parameter asciiOnly: Whether every character past ASCII is written as a
  ///   `\uXXXX` escape (a surrogate pair past U+FFFF), as Python's `json.dumps` writes it.
  public init(asciiOnly: Bool = false, capacity: Int = 1024) {
    self.asciiOnly = asciiOnly
    output = ByteWriter(capacity: capacity)
  }

  deinit { output.freeStorage() }

  /// How many bytes the document holds so far.
  public var count: Int { output.count }

  public mutating func openObject() { open(UInt8(ascii: "{")) }
  public mutating func openArray() { open(UInt8(ascii: "[")) }

  /// Closes the innermost object.
  public mutating func closeObject() { close(UInt8(ascii: "}")) }
  /// Closes the innermost array.
  public mutating func closeArray() { close(UInt8(ascii: "]")) }

  /// A member's name; its value comes next.
  public mutating func name(_ name: String) {
    separate()
    JSONValue.writeQuoted(name, asciiOnly: asciiOnly, into: &output)
    output.append(UInt8(ascii: ":"), UInt8(ascii: " "))
    afterName = true
  }

  public mutating func string(_ text: String) {
    separate()
    JSONValue.writeQuoted(text, asciiOnly: asciiOnly, into: &output)
  }

  public mutating func integer(_ value: Int) {
    separate()
    // The digits from the last, straight into the buffer: at most 19 and a sign.
    output.reserve(20)
    var left = value.magnitude
    var digits = 0
    repeat {
      digits += 1
      left /= 10
    } while left > 0
    let sign = value < 0 ? 1 : 0
    let end = output.end
    if sign == 1 { end[0] = UInt8(ascii: "-") }
    left = value.magnitude
    var index = sign + digits
    repeat {
      index -= 1
      end[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: left % 10)
      left /= 10
    } while left > 0
    output.advance(by: sign + digits)
  }

  public mutating func bool(_ flag: Bool) {
    separate()
    output.append(flag ? "true" : "false")
  }

  /// Lends the bytes written so far to `write` and forgets them, keeping the buffer for what comes
  /// next: a large document goes out in pieces, in the memory of one piece. The bytes are valid
  /// only during the call.
  public mutating func flush(into write: (UnsafeBufferPointer<UInt8>) -> Void) {
    if output.count > 0 { write(output.written) }
    output.removeAll()
  }

  /// The document, with a line feed after it when `lineFeed` (as a file or a
  /// response body ends); the writer's buffer is given back.
  public consuming func finish(lineFeed: Bool = false) -> [UInt8] {
    if lineFeed { output.append(0x0A) }
    let bytes = [UInt8](output.written)
    output.deallocate()
    discard self
    return bytes
  }

  private mutating func close(_ bracket: UInt8) {
    guard depth > 0 else { return }
    depth -= 1
    if !empty { output.newline(indent: depth * 2) }
    output.append(bracket)
    empty = false
  }

  private mutating func open(_ bracket: UInt8) {
    separate()
    output.append(bracket)
    depth += 1
    empty = true
  }

  /// What goes before a value or a name: nothing after a name, else a comma
  /// after an earlier element and a line break at the element's depth.
  @inline(__always)
  private mutating func separate() {
    if afterName {
      afterName = false
      return
    }
    guard depth > 0 else { return }
    if !empty { output.append(UInt8(ascii: ",")) }
    empty = false
    output.newline(indent: depth * 2)
  }
}
