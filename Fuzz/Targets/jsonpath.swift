// Fuzz target: JSONPath (Sources/JSON) as `expect json`, `ignore json` and
// `capture ... json` read it: parse a path from text, query a document with it.
//
// The input's first line is the path, the rest a JSON document. Properties, beyond "no crash":
// - a path that does not parse fails with a column inside the path (or just past its end);
// - querying never invents a value: what a path selects is a value of the document, or an
//   array of values of the document (the nodes of a path that can select several);
// - a path parsed from its own text selects the same.
// It names only `JSONPath(parsing:)`, `select(in:)` and the error's column, which both the
// subset parser and the RFC 9535 one offer, so it builds across that rewrite.
import JSON

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let bytes = [UInt8](UnsafeRawBufferPointer(start: start, count: count))
  let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
  let text = String(decoding: bytes[..<newline], as: UTF8.self)
  let path: JSONPath
  do {
    path = try JSONPath(parsing: text)
  } catch {
    require(
      error.column >= 1 && error.column <= text.count + 1,
      "the error's column \(error.column) is outside the path's \(text.count) characters: \(error)")
    return 0
  }
  guard newline < bytes.count, let document = try? JSONValue(parsing: Array(bytes[(newline + 1)...])) else {
    return 0
  }
  let selected = path.select(in: document)
  if let selected {
    var nodes: [JSONValue] = []
    collect(document, into: &nodes)
    let isNode = { (value: JSONValue) in nodes.contains(value) }
    var isArrayOfNodes = false
    if case .array(let items) = selected { isArrayOfNodes = items.allSatisfy(isNode) }
    require(isNode(selected) || isArrayOfNodes, "\(text) selected \(selected), which the document does not hold")
  }
  do {
    let again = try JSONPath(parsing: path.description)
    require(again.select(in: document) == selected, "\(text) parsed from its own text selects otherwise")
  } catch {
    fail("\(text) does not parse from its own text: \(error)")
  }
  return 0
}

/// Every value of a document, the document first.
func collect(_ value: JSONValue, into nodes: inout [JSONValue]) {
  nodes.append(value)
  switch value {
  case .array(let items): for item in items { collect(item, into: &nodes) }
  case .object(let members): for member in members { collect(member.value, into: &nodes) }
  default: break
  }
}
