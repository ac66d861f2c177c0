import Platform
import TestSupport
import Testing

@Suite("Reading a descriptor line by line")
struct LineReaderTests {
  /// Every line `text` reads as, through a reader filling pieces of `pieceSize` bytes.
  private func lines(of text: String, pieceSize: Int) throws -> [String] {
    let folder = TemporaryFolder()
    defer { folder.remove() }
    let file = try FileSystem.openForReading(folder.write("input", text))
    var reader = LineReader(file.fd, pieceSize: pieceSize)
    var lines: [String] = []
    while let line = reader.nextLine() { lines.append(String(decoding: line, as: UTF8.self)) }
    #expect(reader.nextLine() == nil, "the end stays the end")
    return lines
  }

  @Test("lines come whole whatever the size of each read", arguments: [1, 2, 3, 7, 64, 1 << 16])
  func linesAcrossReads(pieceSize: Int) throws {
    let text = "GET /\n\nheader X-A: café\na line longer than several reads of a few bytes\nlast"
    #expect(
      try lines(of: text, pieceSize: pieceSize) == [
        "GET /", "", "header X-A: café", "a line longer than several reads of a few bytes", "last",
      ])
  }

  @Test("a final line feed ends the last line rather than starting an empty one; empty input has no line")
  func endOfInput() throws {
    #expect(try lines(of: "one\ntwo\n", pieceSize: 4) == ["one", "two"])
    #expect(try lines(of: "", pieceSize: 4) == [])
    #expect(try lines(of: "\n", pieceSize: 4) == [""])
  }
}
