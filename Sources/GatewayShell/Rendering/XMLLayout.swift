/// An XML document laid out for reading, an element a line, two spaces a level, as the shell
/// shows a JSON body: a WebDAV `207 Multi-Status`, a SOAP envelope or a feed often comes on one
/// line, of which a screenful would show the first 160 bytes.
///
/// Only for showing: the bytes as sent stay on the exchange, for `--full` of a large body, `save`
/// and every `expect`. Blanks between tags are dropped and an element holding only text keeps it
/// on its line; text beside elements (mixed content) goes on lines of its own, trimmed. A document
/// this reading cannot follow (a tag, comment or section left open, an end tag with no start) is
/// shown as sent.
enum XMLLayout {
  /// `document` laid out, or `nil` when it is not XML this layout can follow.
  static func indented(_ document: [UInt8]) -> [UInt8]? {
    guard let tokens = tokens(of: document) else { return nil }
    var out: [UInt8] = []
    out.reserveCapacity(document.count + document.count / 4)
    var depth = 0
    func line(_ parts: ArraySlice<UInt8>...) {
      out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
      for part in parts { out.append(contentsOf: part) }
      out.append(UInt8(ascii: "\n"))
    }
    var index = 0
    while index < tokens.count {
      let token = tokens[index]
      let bytes = document[token.range]
      switch token.kind {
      case .start:
        let next = index + 1 < tokens.count ? tokens[index + 1] : nil
        let after = index + 2 < tokens.count ? tokens[index + 2] : nil
        if next?.kind == .end {
          line(bytes, document[next!.range])
          index += 2
          continue
        }
        if let next, next.kind == .text, after?.kind == .end, !trimmed(document[next.range]).contains(0x0A) {
          line(bytes, trimmed(document[next.range]), document[after!.range])
          index += 3
          continue
        }
        line(bytes)
        depth += 1
      case .end:
        guard depth > 0 else { return nil }
        depth -= 1
        line(bytes)
      case .text:
        let text = trimmed(bytes)
        if !text.isEmpty { line(text) }
      case .other:
        line(bytes)
      }
      index += 1
    }
    return depth == 0 ? out : nil
  }

  struct Token {
    enum Kind { case start, end, text, other }
    var kind: Kind
    var range: Range<Int>
  }

  /// The document's tags, text, comments, sections and declarations, or `nil` where one is left open.
  static func tokens(of document: [UInt8]) -> [Token]? {
    let lt = UInt8(ascii: "<")
    let gt = UInt8(ascii: ">")
    var tokens: [Token] = []
    var index = 0
    // A document starts with its declaration or its root (after blanks or a byte order mark).
    let start = trimmed(document[...]).drop { $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }
    guard start.first == lt else { return nil }
    func find(_ marker: StaticString, from: Int) -> Int? {
      marker.withUTF8Buffer { marker in
        var at = from
        while at + marker.count <= document.count {
          if document[at] == marker[0], document[at..<at + marker.count].elementsEqual(marker) { return at }
          at += 1
        }
        return nil
      }
    }
    func starts(_ marker: StaticString, at: Int) -> Bool {
      marker.withUTF8Buffer { marker in
        at + marker.count <= document.count && document[at..<at + marker.count].elementsEqual(marker)
      }
    }
    while index < document.count {
      guard document[index] == lt else {
        let end = document[index...].firstIndex(of: lt) ?? document.count
        tokens.append(Token(kind: .text, range: index..<end))
        index = end
        continue
      }
      let end: Int
      var kind = Token.Kind.other
      if starts("<!--", at: index) {
        guard let close = find("-->", from: index + 4) else { return nil }
        end = close + 3
      } else if starts("<![CDATA[", at: index) {
        guard let close = find("]]>", from: index + 9) else { return nil }
        end = close + 3
        kind = .text
      } else if starts("<?", at: index) {
        guard let close = find("?>", from: index + 2) else { return nil }
        end = close + 2
      } else {
        // A tag or a declaration: up to the `>` outside quotes (and outside a DOCTYPE's `[...]`).
        var at = index + 1
        var quote: UInt8?
        var brackets = 0
        while at < document.count {
          let byte = document[at]
          if let open = quote {
            if byte == open { quote = nil }
          } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
            quote = byte
          } else if byte == UInt8(ascii: "[") {
            brackets += 1
          } else if byte == UInt8(ascii: "]") {
            brackets -= 1
          } else if byte == gt, brackets <= 0 {
            break
          } else if byte == lt, brackets <= 0 {
            return nil
          }
          at += 1
        }
        guard at < document.count else { return nil }
        end = at + 1
        if document[index + 1] == UInt8(ascii: "/") {
          kind = .end
        } else if document[index + 1] != UInt8(ascii: "!") {
          kind = document[at - 1] == UInt8(ascii: "/") ? .other : .start
        }
      }
      tokens.append(Token(kind: kind, range: index..<end))
      index = end
    }
    return tokens
  }

  /// `bytes` without the blanks and line ends around them.
  static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
    guard let first = bytes.firstIndex(where: { !isBlank($0) }) else { return bytes[bytes.endIndex...] }
    let last = bytes.lastIndex(where: { !isBlank($0) })!
    return bytes[first...last]
  }
}
