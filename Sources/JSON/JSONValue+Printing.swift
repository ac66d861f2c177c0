extension JSONValue {
  /// The value on one line, without spaces.
  public var compactText: String {
    var output = ""
    write(into: &output, indent: nil, depth: 0)
    return output
  }

  /// The value indented by two spaces a level, members in document order.
  public var prettyText: String {
    var output = ""
    write(into: &output, indent: "  ", depth: 0)
    return output
  }

  private func write(into output: inout String, indent: String?, depth: Int) {
    switch self {
    case .null: output += "null"
    case .bool(let flag): output += flag ? "true" : "false"
    case .number(let text): output += text
    case .string(let text): output += Self.quoted(text)
    case .array(let items):
      writeContainer(
        into: &output, open: "[", close: "]", count: items.count, indent: indent, depth: depth
      ) { output, index in
        items[index].write(into: &output, indent: indent, depth: depth + 1)
      }
    case .object(let members):
      writeContainer(
        into: &output, open: "{", close: "}", count: members.count, indent: indent, depth: depth
      ) { output, index in
        output += Self.quoted(members[index].key) + (indent == nil ? ":" : ": ")
        members[index].value.write(into: &output, indent: indent, depth: depth + 1)
      }
    }
  }

  private func writeContainer(
    into output: inout String, open: String, close: String, count: Int, indent: String?, depth: Int,
    element: (inout String, Int) -> Void
  ) {
    output += open
    guard count > 0 else {
      output += close
      return
    }
    for index in 0..<count {
      if index > 0 { output += "," }
      if let indent { output += "\n" + String(repeating: indent, count: depth + 1) }
      element(&output, index)
    }
    if let indent { output += "\n" + String(repeating: indent, count: depth) }
    output += close
  }

  /// `text` as a JSON string literal, with controls escaped so it stays on one line.
  public static func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
        let hex = String(scalar.value, radix: 16)
        result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }
}
