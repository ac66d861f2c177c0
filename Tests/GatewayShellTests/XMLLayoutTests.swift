import Testing

@testable import GatewayShell

@Suite("Laying out XML for showing")
struct XMLLayoutTests {
  static let document = Array(
    (#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "x>y">]><r a='1'><b>t</b><c/><!-- c --><d><![CDATA[<z>]]></d>"#
      + "<e>one\ntwo</e><f> </f>text</r>").utf8)

  @Test("every element, comment, section and text keeps its bytes; only the blanks between them change")
  func keepsTheBytes() throws {
    let laidOut = try #require(XMLLayout.indented(Self.document))
    let blanks: Set<UInt8> = [0x20, 0x0A, 0x09]
    #expect(laidOut.filter { !blanks.contains($0) } == Self.document.filter { !blanks.contains($0) })
  }

  @Test("any cut or changed document is laid out or left as sent, never a crash")
  func survivesAnyInput() {
    // A fixed generator: the same inputs on every run.
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    let alphabet = Array("<>/!?-[]'\"= ab".utf8)
    for _ in 0..<5000 {
      var input = Array(Self.document.prefix(next(Self.document.count + 1)))
      for _ in 0..<next(4) where !input.isEmpty {
        input[next(input.count)] = alphabet[next(alphabet.count)]
      }
      if let laidOut = XMLLayout.indented(input) {
        let blanks: Set<UInt8> = [0x20, 0x0A, 0x09]
        #expect(laidOut.filter { !blanks.contains($0) } == input.filter { !blanks.contains($0) })
      }
    }
  }
}
