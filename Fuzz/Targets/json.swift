// Fuzz target: JSON parsing (Sources/JSON).
//
// Properties, beyond "no crash":
// - a document that parses prints (compact and pretty) to text that parses to an equal document,
//   and printing is a fixed point: the compact text of the reparsed document is the same text;
// - the layout used for bodies (`JSONLayout.indented`) accepts it and its output parses to an equal document;
// - a text that does not parse fails with a line and column inside the text.
import JSON

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let bytes = [UInt8](UnsafeRawBufferPointer(start: start, count: count))
  let value: JSONValue
  do {
    value = try JSONValue(parsing: bytes)
  } catch {
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
  return 0
}

private func parsed(_ text: String) -> JSONValue {
  do { return try JSONValue(parsing: text) } catch { fail("printed text does not parse: \(error)\n\(text)") }
}
