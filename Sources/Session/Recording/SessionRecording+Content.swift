import Gateway
import JSON

/// How a body and an errors output are recorded: as a here-document when they are text a
/// line can hold, quoted or base64 otherwise, by size and digest past ``bodyLimit``.
extension SessionRecording {
  /// Whether the body is recorded with parts left out.
  static func masksBody(_ body: CapturedBytes, _ mask: IgnoreMask) -> Bool {
    guard !mask.leavesBodyAlone, body.byteCount <= bodyLimit, body.isComplete,
      let text = String(utf8: body.head)
    else { return false }
    return mask.recordedBody(text) != text
  }

  /// How a body is recorded: readable for text, base64 for binary, by digest when large.
  static func appendBody(_ body: CapturedBytes, mask: IgnoreMask, to text: inout TextBuffer) {
    if body.byteCount > bodyLimit || !body.isComplete {
      text.appendLine("expect body size \(body.byteCount)")
      text.appendLine("expect body sha256 \(body.sha256)")
      return
    }
    if !mask.leavesBodyAlone, let body = String(utf8: body.head) {
      let recorded = mask.recordedBody(body)
      if recorded != body {
        appendContent("expect body", Array(recorded.utf8), allowBinary: true, to: &text)
        return
      }
    }
    appendContent("expect body", body.head, allowBinary: true, to: &text)
  }

  static func appendErrors(_ errors: CapturedBytes, mask: IgnoreMask = IgnoreMask(), to text: inout TextBuffer) {
    guard errors.byteCount > 0 else { return }
    guard errors.byteCount <= bodyLimit, errors.isComplete else {
      text.appendLine("# the errors output (\(errors.byteCount) bytes) is too long to record")
      return
    }
    if !mask.errors.isEmpty, let output = String(utf8: errors.head) {
      let masked = Array(IgnoreMask.masked(output, mask.errors).utf8)
      appendContent("expect errors", masked, allowBinary: false, to: &text)
      return
    }
    appendContent("expect errors", errors.head, allowBinary: false, to: &text)
  }

  /// `command` followed by the bytes in the most readable lossless form.
  static func appendContent(_ command: String, _ bytes: [UInt8], allowBinary: Bool, to text: inout TextBuffer) {
    if bytes.isEmpty {
      text.append(command)
      return text.appendLine(" \"\"")
    }
    if isUTF8(bytes) {
      let scan = bytes.withUnsafeBufferPointer(ContentScan.init)
      if !scan.hasControls { return appendHereDocument(command, bytes, scan, to: &text) }
      if bytes.count <= 1024 || !allowBinary {
        return text.appendLine("\(command) \(JSONValue.quoted(String(decoding: bytes, as: UTF8.self)))")
      }
    } else if !allowBinary {
      return text.appendLine("\(command) \(JSONValue.quoted(String(decoding: bytes, as: UTF8.self)))")
    }
    let terminator = "END"
    text.appendLine("\(command) base64 <<\(terminator)")
    for line in Base64.encode(bytes) { text.appendLine(line) }
    text.appendLine(terminator)
  }

  /// Whether `bytes` are UTF-8, checked in place.
  static func isUTF8(_ bytes: [UInt8]) -> Bool {
    (try? UTF8Span(validating: bytes.span)) != nil
  }

  /// A here-document holding `content` (UTF-8), with a terminator no line of it equals, quoted when `{{` must stay literal.
  static func appendHereDocument(
    _ command: String, _ content: [UInt8], _ scan: ContentScan, to text: inout TextBuffer
  ) {
    let chomp = content.last != UInt8(ascii: "\n")
    var terminator = "END"
    var counter = 1
    while scan.terminatorLike.contains(terminator) {
      terminator = "END\(counter)"
      counter += 1
    }
    text.append(command)
    text.append(chomp ? " chomp <<" : " <<")
    if scan.hasDoubledBrace {
      text.append("'")
      text.append(terminator)
      text.appendLine("'")
    } else {
      text.appendLine(terminator)
    }
    text.append(content)
    if chomp { text.newline() }
    text.appendLine(terminator)
  }

  /// What one reading of a text's bytes tells about writing it as a here-document.
  struct ContentScan {
    /// Whether it holds a control character (C0, DEL, or C1: U+0080 to U+009F, written `C2 80`
    /// to `C2 9F`) other than the line feed and the tab, which a here-document cannot hold.
    private(set) var hasControls = false
    /// Whether `{{` occurs, which a quoted terminator keeps from being read as a variable.
    private(set) var hasDoubledBrace = false
    /// The lines that, with the blanks around them taken away (as the parser reads a
    /// terminator), are `END` and digits, which a chosen terminator must not be; nearly every body has none.
    private(set) var terminatorLike: Set<String> = []

    /// Reads UTF-8 text once; stops at the first control character.
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
      guard let base = bytes.baseAddress else { return }
      let count = bytes.count
      var index = 0
      var lineStart = 0
      while index < count {
        // Eight bytes at a time while they are printable ASCII other than `{`: most of a text.
        if index + 8 <= count {
          let word = ByteLanes.word(at: base + index)
          let flagged = ByteLanes.unprintable(word) | ByteLanes.equal(word, to: UInt8(ascii: "{"))
          if flagged == 0 {
            index += 8
            continue
          }
          index += flagged.trailingZeroBitCount >> 3
        }
        let byte = base[index]
        let previous = index > 0 ? base[index - 1] : 0
        if byte < 0x20 {
          if byte == UInt8(ascii: "\n") {
            // Only a line ending in `D`, a digit or a blank can read as a terminator.
            if index > lineStart, Self.mayEndTerminator(base[index - 1]) { noteLine(bytes, lineStart..<index) }
            lineStart = index + 1
          } else if byte != UInt8(ascii: "\t") {
            hasControls = true
            return
          }
        } else if byte == 0x7F || previous == 0xC2 && byte <= 0x9F {
          hasControls = true
          return
        } else if byte == UInt8(ascii: "{"), previous == byte {
          hasDoubledBrace = true
        }
        index += 1
      }
      noteLine(bytes, lineStart..<count)
    }

    private static func mayEndTerminator(_ byte: UInt8) -> Bool {
      byte == UInt8(ascii: "D") || byte &- UInt8(ascii: "0") < 10 || byte == UInt8(ascii: " ")
        || byte == UInt8(ascii: "\t")
    }

    private mutating func noteLine(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) {
      let blank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
      // Read from the end, where nearly every line stops at once: a terminator is `END` and digits.
      var last = line.upperBound
      while last > line.lowerBound, blank(bytes[last - 1]) { last -= 1 }
      var word = last
      while word > line.lowerBound, bytes[word - 1] &- UInt8(ascii: "0") < 10 { word -= 1 }
      guard word - line.lowerBound >= 3, bytes[word - 1] == UInt8(ascii: "D"), bytes[word - 2] == UInt8(ascii: "N"),
        bytes[word - 3] == UInt8(ascii: "E")
      else { return }
      let first = word - 3
      guard bytes[line.lowerBound..<first].allSatisfy(blank) else { return }
      terminatorLike.insert(String(decoding: UnsafeBufferPointer(rebasing: bytes[first..<last]), as: UTF8.self))
    }
  }
}
