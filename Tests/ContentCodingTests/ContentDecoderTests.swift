import ContentCoding
import Foundation
import Gateway
import Testing

/// Bodies coded by Python's gzip, zlib and brotli modules, decoded as a server's pieces would bring them.
@Suite("decoding gzip, deflate and br as a stream")
struct ContentDecoderTests {
  static let document = Array(("{\"a\": [1, 2, 3], \"text\": \"" + String(repeating: "hello ", count: 40) + "\"}").utf8)
  static let coded: [(ContentCoding.Layer, String)] = [
    (.gzip, "H4sIAAAAAAACA6tWSlSyUog21FEw0lEwjtVRUCpJrSgBCillpObk5CuMHFKpFgAar6+YDAEAAA=="),
    (.deflate, "eJyrVkpUslKINtRRMNJRMI7VUVAqSa0oAQopZaTm5OQrjBxSqRYAd1xe8Q=="),
    (.deflate, "q1ZKVLJSiDbUUTDSUTCO1VFQKkmtKAEKKWWk5uTkK4wcUqkWAA=="),
    (.br, "GwsB+C2KBwAAADiR1VOjWzGPokjN0lW2t0VkZra2ThhanxKJSRC2tw5EEolmkw2IIEM44YmF6SStRgM="),
  ]

  static func bytes(_ base64: String) -> [UInt8] { Array(Data(base64Encoded: base64)!) }

  @Test(
    "a Content-Encoding header's codings are read in the order applied; one gwsh cannot decode leaves the body as sent")
  func headerCodings() {
    #expect(ContentCoding(header: "gzip")?.layers == [.gzip])
    #expect(ContentCoding(header: "x-gzip, identity")?.layers == [.gzip])
    #expect(ContentCoding(header: "GZIP ,\tbr")?.layers == [.gzip, .br])
    #expect(ContentCoding(header: "gzip, gzip")?.repeats == true)
    #expect(ContentCoding(header: "gzip, zstd") == nil)
    #expect(ContentCoding(header: "identity") == nil)
    #expect(ContentCoding(header: nil) == nil)
  }

  @Test("each coding decodes whole when its bytes come one at a time", arguments: 0..<4)
  func decodesByteByByte(index: Int) throws {
    let (coding, base64) = Self.coded[index]
    let decoder = ContentDecoder(coding: coding)
    var decoded: [UInt8] = []
    for byte in Self.bytes(base64) {
      try decoder.feed([byte]) { piece in
        decoded += piece
        return true
      }
    }
    try decoder.finish()
    #expect(decoded == Self.document)
  }

  @Test("a gzip body of two members decodes to both, in one piece or split between them", arguments: [0, 26])
  func gzipMembers(split: Int) throws {
    let decoder = ContentDecoder(coding: .gzip)
    var decoded: [UInt8] = []
    let coded = Self.bytes("H4sIAAAAAAACA0vLLCou4QIAKrNKxwYAAAAfiwgAAAAAAAIDK05Nzs9L4QIAfsAPBgcAAAA=")
    for piece in [Array(coded[..<split]), Array(coded[split...])] {
      try decoder.feed(piece) { piece in
        decoded += piece
        return true
      }
    }
    try decoder.finish()
    #expect(String(decoding: decoded, as: UTF8.self) == "first\nsecond\n")
  }

  @Test("bytes after the end of a stream are an error naming where")
  func trailingBytes() throws {
    let decoder = ContentDecoder(coding: .deflate)
    let coded = Self.bytes(Self.coded[1].1)
    #expect(throws: ContentDecodingError.self) {
      try decoder.feed(coded + [1, 2, 3]) { _ in true }
    }
  }

  @Test("a body that decodes past the limit stops there, keeping only the head asked for")
  func limitStopsABomb() {
    var body = CapturedBytes()
    body.appendDerived(Self.bytes(Self.coded[0].1))
    let decoded = DecodedBody(decoding: body, coding: ContentCoding(.gzip), keep: 10, limit: 100)
    #expect(decoded.stop == .overLimit(100))
    #expect(decoded.decoded.byteCount == 100)
    #expect(decoded.decoded.head == Array(Self.document.prefix(10)))
  }

  @Test("a stream cut short decodes as far as it goes and says where it ended")
  func cutShort() {
    var body = CapturedBytes()
    let coded = Self.bytes(Self.coded[3].1)
    body.appendDerived(Array(coded.prefix(coded.count - 5)))
    let decoded = DecodedBody(decoding: body, coding: ContentCoding(.br), keep: 1 << 20, limit: nil)
    guard case .corrupt(let error)? = decoded.stop else {
      Issue.record("expected a corrupt stream, got \(String(describing: decoded.stop))")
      return
    }
    #expect(error.offset == coded.count - 5)
    #expect(error.description.contains("corrupt br stream at byte \(coded.count - 5)"))
  }
}
