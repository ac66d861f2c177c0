// Fuzz target: JSON parsing (Sources/JSON).
//
// Properties, beyond "no crash":
// - a document that parses prints (compact and pretty) to text that parses to an equal document,
//   and printing is a fixed point: the compact text of the reparsed document is the same text;
// - the layout used for bodies (`JSONLayout.indented`) accepts it and its output parses to an equal document;
// - a text that does not parse fails with a line and column inside the text;
// - the streamed layout (`JSONLayout.Stream`), fed the bytes in pieces, lays out what `indented` does
//   and, checking only, accepts exactly the documents the parser accepts.
import JSON

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let bytes = [UInt8](UnsafeRawBufferPointer(start: start, count: count))
  let streamed = streamedLayout(bytes)
  let value: JSONValue
  do {
    value = try JSONValue(parsing: bytes)
  } catch {
    require(streamed.checked == false, "the checking stream accepted a document the parser refused")
    let lines = bytes.count(where: { $0 == UInt8(ascii: "\n") }) + 1
    require(error.line >= 1 && error.line <= lines, "error line \(error.line) outside 1...\(lines)")
    require(error.column >= 1 && error.column <= bytes.count + 1, "error column \(error.column) outside the text")
    return 0
  }
  let compact = value.compactText
  let reparsed = parsed(compact)
  require(reparsed == value, "compact text does not parse back to the same document: \(compact)")
  require(reparsed.compactText == compact, "printing is not a fixed point: \(compact)")
  require(parsed(value.prettyText) == value, "pretty text does not parse back: \(value.prettyText)")
  guard let laidOut = JSONLayout.indented(bytes) else {
    fail("JSONLayout refused a document the parser accepted")
  }
  require(parsed(String(decoding: laidOut, as: UTF8.self)) == value, "the laid-out body does not parse back")
  require(streamed.checked, "the checking stream refused a document the parser accepted")
  require(streamed.laidOut == laidOut, "the streamed layout differs from the whole one")
  return 0
}

/// The bytes through a laying-out and a checking stream, in pieces whose size the first byte picks.
private func streamedLayout(_ bytes: [UInt8]) -> (laidOut: [UInt8]?, checked: Bool) {
  let size = Int(bytes.first ?? 0) % 13 + 1
  var layout = JSONLayout.Stream()
  var check = JSONLayout.Stream(checkingOnly: true)
  var laidOut: [UInt8]? = []
  var checked = true
  for start in stride(from: 0, to: bytes.count, by: size) {
    let piece = Array(bytes[start..<min(start + size, bytes.count)])
    let fine = piece.withUnsafeBufferPointer { piece in layout.feed(piece) { laidOut?.append(contentsOf: $0) } }
    if !fine { laidOut = nil }
    checked = checked && check.feed(piece) != nil
  }
  if !layout.finish(into: { laidOut?.append(contentsOf: $0) }) { laidOut = nil }
  return (laidOut, checked && check.finish() != nil)
}

private func parsed(_ text: String) -> JSONValue {
  do { return try JSONValue(parsing: text) } catch { fail("printed text does not parse: \(error)\n\(text)") }
}
