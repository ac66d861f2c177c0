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
public struct JSONPrettyWriter {
  /// The document so far.
  public private(set) var bytes: [UInt8] = []
  private let asciiOnly: Bool
  /// For each open object or array, whether it holds nothing yet.
  private var empty: [Bool] = []
  /// Just after a member name: its value follows on the same line.
  private var afterName = false

  /// - Parameter asciiOnly: Whether every character past ASCII is written as a
  ///   `\uXXXX` escape (a surrogate pair past U+FFFF), as Python's `json.dumps` writes it.
  public init(asciiOnly: Bool = false, capacity: Int = 1024) {
    self.asciiOnly = asciiOnly
    bytes.reserveCapacity(capacity)
  }

  public mutating func openObject() { open(UInt8(ascii: "{")) }
  public mutating func openArray() { open(UInt8(ascii: "[")) }

  /// Closes the innermost object.
  public mutating func closeObject() { close(UInt8(ascii: "}")) }
  /// Closes the innermost array.
  public mutating func closeArray() { close(UInt8(ascii: "]")) }

  /// A member's name; its value comes next.
  public mutating func name(_ name: String) {
    separate()
    JSONValue.writeQuoted(name, asciiOnly: asciiOnly, into: &bytes)
    bytes.append(UInt8(ascii: ":"))
    bytes.append(UInt8(ascii: " "))
    afterName = true
  }

  public mutating func string(_ text: String) {
    separate()
    JSONValue.writeQuoted(text, asciiOnly: asciiOnly, into: &bytes)
  }

  public mutating func integer(_ value: Int) {
    separate()
    bytes.append(contentsOf: String(value).utf8)
  }

  public mutating func bool(_ flag: Bool) {
    separate()
    bytes.append(contentsOf: flag ? "true".utf8 : "false".utf8)
  }

  /// The document, handed over without a copy.
  public consuming func finish() -> [UInt8] { bytes }

  private mutating func close(_ bracket: UInt8) {
    guard let wasEmpty = empty.popLast() else { return }
    if !wasEmpty { newline(depth: empty.count) }
    bytes.append(bracket)
  }

  private mutating func open(_ bracket: UInt8) {
    separate()
    bytes.append(bracket)
    empty.append(true)
  }

  /// What goes before a value or a name: nothing after a name, else a comma
  /// after an earlier element and a line break at the element's depth.
  private mutating func separate() {
    if afterName {
      afterName = false
      return
    }
    guard let wasEmpty = empty.last else { return }
    if !wasEmpty { bytes.append(UInt8(ascii: ",")) }
    empty[empty.count - 1] = false
    newline(depth: empty.count)
  }

  private mutating func newline(depth: Int) {
    JSONValue.newline(into: &bytes, depth: depth)
  }
}
