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
    guard value >= 0 else { return bytes.append(contentsOf: String(value).utf8) }
    // The digits from the last, without a `String` made for them.
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
    withUnsafeMutableBytes(of: &digits) { digits in
      var left = value
      var index = digits.count
      repeat {
        index -= 1
        digits[index] = UInt8(ascii: "0") + UInt8(left % 10)
        left /= 10
      } while left > 0
      bytes.append(contentsOf: digits[index...])
    }
  }

  public mutating func bool(_ flag: Bool) {
    separate()
    bytes.append(contentsOf: flag ? "true".utf8 : "false".utf8)
  }

  /// The document, handed over without a copy.
  public consuming func finish() -> [UInt8] { bytes }

  private mutating func close(_ bracket: UInt8) {
    guard depth > 0 else { return }
    depth -= 1
    if !empty { newline(depth: depth) }
    bytes.append(bracket)
    empty = false
  }

  private mutating func open(_ bracket: UInt8) {
    separate()
    bytes.append(bracket)
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
    if !empty { bytes.append(UInt8(ascii: ",")) }
    empty = false
    newline(depth: depth)
  }

  @inline(__always)
  private mutating func newline(depth: Int) {
    bytes.append(0x0A)
    bytes.append(contentsOf: repeatElement(0x20, count: depth * 2))
  }
}
