import Gateway
import Testing

@Suite("Bytes read as UTF-8 text")
struct UTF8TextTests {
  @Test("UTF-8 becomes its text; anything else, a surrogate's bytes or a cut character, is refused")
  func validation() {
    #expect(String(utf8: [UInt8]("café 😀".utf8)) == "café 😀")
    #expect(String(utf8: [UInt8]()) == "")
    #expect(String(utf8: [UInt8]("a\u{0}b".utf8)) == "a\u{0}b")
    #expect(String(utf8: [0xED, 0xA0, 0x80]) == nil)
    #expect(String(utf8: [0x63, 0x61, 0xC3]) == nil)
    #expect(String(utf8: [0xC0, 0xAF]) == nil)
    let bytes = [UInt8]("xxcafé".utf8)
    #expect(String(utf8: bytes[2...]) == "café")
    #expect(String(utf8: bytes.reversed()) == nil)
  }

  @Test("spaces and tabs are trimmed from both ends, and nothing else")
  func trimmingSpaces() {
    #expect(" \t GET /café \t".trimmingSpaces == "GET /café")
    #expect("GET /".trimmingSpaces == "GET /")
    #expect(" \t ".trimmingSpaces == "")
    #expect("".trimmingSpaces == "")
    // A no-break space and a line feed are not blanks here; an accent after a space stays with its letter.
    #expect("\u{A0}x\n".trimmingSpaces == "\u{A0}x\n")
    #expect(" e\u{301} ".trimmingSpaces == "e\u{301}")
  }
}
