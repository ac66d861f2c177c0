/// Re-indents a JSON document, keeping its keys in the order the app sent them.
///
/// Strings and numbers are copied as written, so what is shown is what was
/// sent, only laid out. Anything that is not exactly one JSON value is refused,
/// and the body is then shown as text.
public struct JSONLayout {
  private let bytes: [UInt8]
  private var index = 0
  private var output: [UInt8] = []
  private var depth = 0

  /// The document re-indented by two spaces, or `nil` when `bytes` is not JSON.
  public static func indented(_ bytes: [UInt8]) -> [UInt8]? {
    var formatter = JSONLayout(bytes: bytes)
    guard (try? formatter.document()) != nil else { return nil }
    return formatter.output
  }

  /// The start of a document that was cut short, such as a large body's head,
  /// re-indented as far as it goes (a value cut in two ends the text as it
  /// came), or `nil` when what is there is not the start of a JSON document.
  public static func indentedHead(_ bytes: [UInt8]) -> [UInt8]? {
    var formatter = JSONLayout(bytes: bytes)
    do {
      try formatter.document()
    } catch is CutShort {
      return formatter.output + formatter.bytes[formatter.tokenStart...]
    } catch {
      return nil
    }
    return formatter.output
  }

  private init(bytes: [UInt8]) {
    self.bytes = bytes
  }

  private struct Invalid: Error {}
  /// The bytes ended where the document needs more.
  private struct CutShort: Error {}
  /// Where the value being read started: a value cut short is shown as it came.
  private var tokenStart = 0

  /// Fails as cut short when the bytes end here.
  private func needMore() throws {
    if index >= bytes.count { throw CutShort() }
  }

  private static let numberBytes = Set("0123456789+-.eE".utf8)

  private mutating func document() throws {
    skipSpace()
    try value()
    skipSpace()
    guard index == bytes.count else { throw Invalid() }
  }

  private mutating func value() throws {
    tokenStart = index
    try needMore()
    switch bytes[index] {
    case UInt8(ascii: "{"): try container(close: UInt8(ascii: "}"), keyed: true)
    case UInt8(ascii: "["): try container(close: UInt8(ascii: "]"), keyed: false)
    case UInt8(ascii: "\""): try string()
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
    default: try literal()
    }
  }

  private mutating func container(close: UInt8, keyed: Bool) throws {
    depth += 1
    guard depth < 200 else { throw Invalid() }
    output.append(bytes[index])
    index += 1
    skipSpace()
    if index < bytes.count, bytes[index] == close {
      output.append(close)
      index += 1
      depth -= 1
      return
    }
    while true {
      newline(depth)
      skipSpace()
      tokenStart = index
      if keyed {
        try needMore()
        guard bytes[index] == UInt8(ascii: "\"") else { throw Invalid() }
        try string()
        skipSpace()
        tokenStart = index
        try needMore()
        guard bytes[index] == UInt8(ascii: ":") else { throw Invalid() }
        index += 1
        output.append(UInt8(ascii: ":"))
        output.append(UInt8(ascii: " "))
        skipSpace()
      }
      try value()
      skipSpace()
      tokenStart = index
      try needMore()
      if bytes[index] == UInt8(ascii: ",") {
        output.append(bytes[index])
        index += 1
        continue
      }
      guard bytes[index] == close else { throw Invalid() }
      index += 1
      depth -= 1
      newline(depth)
      output.append(close)
      return
    }
  }

  private mutating func string() throws {
    let start = index
    index += 1
    while index < bytes.count {
      switch bytes[index] {
      case UInt8(ascii: "\""):
        index += 1
        output += bytes[start..<index]
        return
      case UInt8(ascii: "\\"):
        index += 2
      case 0..<0x20:
        throw Invalid()
      default:
        index += 1
      }
    }
    throw CutShort()
  }

  private mutating func number() throws {
    let start = index
    while index < bytes.count, Self.numberBytes.contains(bytes[index]) { index += 1 }
    let text = bytes[start..<index]
    guard let last = text.last, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(last) else {
      // `-`, `1.` or `2e` at the very end is a number cut in two.
      throw index == bytes.count ? CutShort() : Invalid()
    }
    output += text
  }

  private mutating func literal() throws {
    for word in ["true", "false", "null"] {
      let utf8 = Array(word.utf8)
      if bytes[index...].starts(with: utf8) {
        output += utf8
        index += utf8.count
        return
      }
      if utf8.starts(with: bytes[index...]) { throw CutShort() }
    }
    throw Invalid()
  }

  private mutating func skipSpace() {
    while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
  }

  private mutating func newline(_ level: Int) {
    output.append(0x0A)
    for _ in 0..<(level * 2) { output.append(0x20) }
  }
}
