import Gateway
import Testing

@Suite("Header names compared without regard to case")
struct HeaderFieldTests {
  let headers: [HeaderField] = [
    HeaderField("Content-Length", "2"), HeaderField("content-TYPE", "text/plain"),
    HeaderField("X-Ünï", "a"), HeaderField("İd", "b"), HeaderField("X-\u{212A}ey-Name", "c"),
  ]

  @Test("an ASCII name matches in any case, and only a name of the same letters")
  func asciiNames() {
    #expect(headers.first(named: "Content-Type") == "text/plain")
    #expect(headers.first(named: "CONTENT-LENGTH") == "2")
    #expect(headers.first(named: "Content-Typ") == nil)
    #expect(headers.first(named: "Content-Typf") == nil)
    #expect(headers.values(named: "content-type") == ["text/plain"])
  }

  @Test("a name past ASCII matches as its lower-cased form does, though that changes its length")
  func namesPastASCII() {
    #expect(headers.first(named: "x-üNÏ") == "a")
    #expect(headers.first(named: "X-Üna") == nil)
    // İ lower-cases to i and a combining dot: three bytes for two.
    #expect(headers.first(named: "i\u{307}d") == "b")
    // The Kelvin sign (three bytes) lower-cases to an ASCII k: a longer name that matches a shorter one.
    #expect(headers.first(named: "x-key-name") == "c")
    #expect(headers.first(named: "X-KEY-NAMES") == nil)
  }
}
