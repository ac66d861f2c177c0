// Fuzz target: JSONPath (Sources/JSON/JSONPath.swift) as `expect json`, `ignore json` and
// `capture ... json` read it: parse a path from text, query a document with it.
//
// The input's first line is the path, the rest a JSON document. Properties, beyond "no crash":
// - a path that does not parse fails with a column inside the path (or just past its end);
// - a path that parses, written back in bracket notation, parses to the same steps;
// - a document built along the path holds, at the path, the value put there;
// - querying the input's document, when it parses, gives a value or nothing, never a trap.
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
  checkWrittenBack(path)
  checkBuilt(path)
  if newline < bytes.count, let document = try? JSONValue(parsing: Array(bytes[(newline + 1)...])) {
    _ = path.select(in: document)
  }
  return 0
}

/// The path in bracket notation, or `nil` when a name holds both kinds of quote (no notation of today's subset writes it).
func bracketed(_ path: JSONPath) -> String? {
  var text = "$"
  for step in path.steps {
    switch step {
    case .index(let index):
      text += "[\(index)]"
    case .member(let name):
      if !name.contains("'") {
        text += "['\(name)']"
      } else if !name.contains("\"") {
        text += "[\"\(name)\"]"
      } else {
        return nil
      }
    }
  }
  return text
}

func checkWrittenBack(_ path: JSONPath) {
  guard let text = bracketed(path) else { return }
  do {
    let again = try JSONPath(parsing: text)
    require(again.steps == path.steps, "\(text) parses to other steps than \(path)")
  } catch {
    fail("the path \(path) written as \(text) does not parse: \(error)")
  }
}

func checkBuilt(_ path: JSONPath) {
  let marker = JSONValue.string("found")
  var value = marker
  for step in path.steps.reversed() {
    switch step {
    case .member(let name):
      value = .object([(key: "other", value: .null), (key: name, value: value)])
    case .index(let index):
      // Keep documents small: an index past a thousand says nothing more.
      guard index.magnitude <= 1000 else { return }
      var items = [JSONValue](repeating: .null, count: index < 0 ? Int(index.magnitude) : index + 1)
      items[index < 0 ? 0 : index] = value
      value = .array(items)
    }
  }
  require(path.select(in: value) == marker, "\(path) does not find the value put at it in \(value)")
}
