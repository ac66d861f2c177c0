import Gateway
import Testing

@Suite("Text built in a buffer")
struct TextBufferTests {
  @Test("pieces of every kind come out as the text they make, past the first capacity")
  func appends() {
    var buffer = TextBuffer(capacity: 4)
    buffer.append("expect status ")
    buffer.append(decimal: 200)
    buffer.append(" café"[...].utf8)
    buffer.newline()
    buffer.append([UInt8]("ünï".utf8)[2...])
    buffer.append(UInt8(ascii: "!"))
    buffer.appendLine(String(repeating: "x", count: 300))
    #expect(buffer.text == "expect status 200 café\nnï!" + String(repeating: "x", count: 300) + "\n")
    #expect(buffer.count == buffer.text.utf8.count)
  }

  @Test("numbers in decimal: zero, negative, the extremes")
  func decimals() {
    for value in [0, 7, -7, 1_000_000, Int.max, Int.min] {
      var buffer = TextBuffer(capacity: 1)
      buffer.append(decimal: value)
      #expect(buffer.text == String(value))
    }
  }

  @Test("the last byte can be looked at and taken back")
  func lastByte() {
    var buffer = TextBuffer()
    #expect(buffer.isEmpty && buffer.last == nil)
    buffer.append("line\n")
    #expect(buffer.last == UInt8(ascii: "\n"))
    buffer.removeLast()
    #expect(buffer.text == "line")
  }

  @Test("emptied, a buffer takes new text from its start")
  func emptied() {
    var buffer = TextBuffer(capacity: 8)
    buffer.append("a first text, longer than the capacity")
    buffer.removeAll()
    let isEmpty = buffer.isEmpty
    #expect(isEmpty)
    buffer.append("second")
    #expect(buffer.text == "second")
  }
}
