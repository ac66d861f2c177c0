import Testing

@testable import GatewayShell

@Suite("Where a body shown in part is cut")
struct BodyCutTests {
  @Test("after a screenful of lines, whatever their length", arguments: [0, 1, 3, 6, 7, 8, 9, 15, 16, 17, 40])
  func afterAScreenfulOfLines(length: Int) {
    let line = [UInt8](repeating: UInt8(ascii: "x"), count: length) + [0x0A]
    let bytes = Array([[UInt8]](repeating: line, count: 50).joined())
    #expect(BodyCut.end(of: bytes, within: .init(lines: 10, bytes: 1 << 20), binary: false) == 10 * (length + 1))
  }

  @Test("a body with fewer lines than a screenful is shown whole")
  func shortBodyWhole() {
    let bytes = Array("{\n  \"a\": 1,\n  \"b\": [\n    2\n  ]\n}\n".utf8)
    #expect(BodyCut.end(of: bytes, within: .init(lines: 40, bytes: 6400), binary: false) == bytes.count)
  }

  @Test("after no more bytes than a screenful holds, never inside a character")
  func afterAScreenfulOfBytes() {
    let bytes = Array(String(repeating: "é", count: 100).utf8)
    #expect(BodyCut.end(of: bytes, within: .init(lines: 40, bytes: 51), binary: false) == 50)
    let ascii = [UInt8](repeating: UInt8(ascii: "x"), count: 100)
    #expect(BodyCut.end(of: ascii, within: .init(lines: 40, bytes: 37), binary: false) == 37)
  }
}
