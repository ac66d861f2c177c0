import Gateway
import JSON

/// Writes a response as session lines: the `expect` lines a replay checks.
///
/// Text bodies are written as here-documents, binary ones as base64, bodies
/// past ``bodyLimit`` by size and SHA-256; values that change on every run
/// (dates, request ids, cookie expiry) are checked by presence or pattern only.
public enum SessionRecording {
  /// The comment that opens a recorded block; `gwsh run --update` rewrites the block it opens.
  public static let marker = "# recorded response (gwsh run --update rewrites this block)"
  /// Headers whose values differ on every run.
  public static let volatileHeaders = [
    "Date", "Expires", "Last-Modified", "Age", "X-Request-Id", "Request-Id", "X-Correlation-Id", "X-Trace-Id",
    "Traceparent", "X-Runtime", "Server-Timing",
  ]
  /// ``volatileHeaders`` in lower case, as a header's name is compared.
  static let volatileHeaderKeys = Set(volatileHeaders.map { $0.lowercased() })
  /// The largest body recorded in full; larger ones are recorded by size and SHA-256.
  public static let bodyLimit = 64 * 1024

  /// The lines recording one dispatch and the redirects it followed.
  /// - Parameters:
  ///   - hops: The exchanges, the request first and the last redirect hop last; the last one is recorded.
  ///   - ignoring: Headers already marked with `ignore header`.
  /// - Returns: The lines, and the volatile headers this recording marked with `ignore header`.
  public static func lines(
    for hops: [(request: Request, exchange: Exchange)], ignoring: [String]
  ) -> (lines: [String], newlyIgnored: [String]) {
    lines(for: hops, ignoring: ignoring, mask: IgnoreMask())
  }

  /// The lines recording one dispatch, leaving out what `ignore json`, `ignore body` and `ignore errors` ignore.
  static func lines(
    for hops: [(request: Request, exchange: Exchange)], ignoring: [String], mask: IgnoreMask
  ) -> (lines: [String], newlyIgnored: [String]) {
    guard let last = hops.last else { return ([], []) }
    var lines = [marker]
    for (index, hop) in hops.dropLast().enumerated() {
      lines.append(
        "# redirect \(index + 1): \(hop.request.method) \(hop.request.target) -> \(hop.exchange.status ?? "no response")"
          + ", followed to \(hops[index + 1].request.method) \(hops[index + 1].request.target)")
    }
    let exchange = last.exchange
    if !exchange.outcome.isCompleted { lines.append("# outcome: \(exchange.outcome)") }
    var ignored = ignoring.map { $0.lowercased() }
    var newlyIgnored: [String] = []
    for header in exchange.headers {
      let lowered = header.name.lowercased()
      if !ignored.contains(lowered), volatileHeaderKeys.contains(lowered) {
        ignored.append(lowered)
        newlyIgnored.append(header.name)
        lines.append("ignore header \(header.name)")
      }
    }
    if let code = exchange.statusCode, let status = exchange.status {
      let reason = status.dropFirst(3).trimmingCharacters(in: " ")
      let safe = !reason.isEmpty && reason.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F }
      lines.append("expect status \(code)" + (safe && status.dropFirst(3).first == " " ? " \(reason)" : ""))
    }
    // A body recorded with parts left out may come back with another length.
    let masked = masksBody(exchange.body, mask)
    for header in exchange.headers {
      let lowered = header.name.lowercased()
      lines.append(headerLine(header, ignored: ignored.contains(lowered) || masked && lowered == "content-length"))
    }
    if case .stopped = exchange.outcome {
      // Where a stopped body was cut depends on timing, so a replay could not match it.
      lines.append("# the body was cut short after \(exchange.body.byteCount) bytes, so it is not recorded")
    } else {
      lines += bodyLines(exchange.body, mask: mask)
    }
    lines += errorsLines(exchange.errors, mask: mask)
    var seen: Set<String> = []
    for diagnostic in exchange.diagnostics where seen.insert(diagnostic.id).inserted {
      lines.append("expect diagnostic \(diagnostic.id)")
    }
    lines.append("")
    return (lines, newlyIgnored)
  }

  static func headerLine(_ header: HeaderField, ignored: Bool) -> String {
    let name = header.name
    // ASCII without blanks (space, tab, line breaks) or a colon: read on the bytes, as nearly every name is.
    guard !name.isEmpty,
      name.utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: ":") && $0 != 0x20 && !(0x09...0x0D).contains($0) })
    else {
      return "# header \(JSONValue.quoted(name)) cannot be written as an expectation"
    }
    if ignored { return "expect header \(name) present" }
    // Recorded as the text its bytes are (`café`, as the prompt showed it), which a replay checks it as.
    let value = header.value.clientText
    if name.utf8.count == 10, name.lowercased() == "set-cookie", let pattern = cookiePattern(value) {
      return "expect header \(name) ~ \(pattern)"
    }
    return isPlainHeaderValue(value)
      ? "expect header \(name): \(value)" : "expect header \(name) ~ ^\(regexEscaped(value))$"
  }

  /// Whether a header's value can be written after `expect header Name:` as it is: no control
  /// character (C0, DEL or C1), no blank at either end (which the parser would trim), no `{{`.
  static func isPlainHeaderValue(_ value: String) -> Bool {
    let bytes = value.utf8
    let blank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
    if let first = bytes.first, blank(first) { return false }
    if let last = bytes.last, blank(last) { return false }
    return hasNoControls(bytes, allowingLineBreaks: false) && !value.containsDoubled("{")
  }

  /// The shortest cookie value taken for a generated token (a session id, a signed value) rather than a chosen one.
  static let tokenLength = 16

  /// A pattern for a `Set-Cookie` value that changes on every run: an `Expires` date, or a token as
  /// the value (a session id, a signed timestamp). `nil` when the value is the same on every run.
  static func cookiePattern(_ value: String) -> String? {
    let parts = value.split(separator: ";", omittingEmptySubsequences: false)
    guard let pair = parts.first, let equals = pair.firstIndex(of: "=") else { return nil }
    let cookieValue = pair[pair.index(after: equals)...]
    let isToken = cookieValue.count >= tokenLength
    let hasExpiry = parts.dropFirst().contains { $0.trimmingCharacters(in: " ").lowercased().hasPrefix("expires=") }
    guard isToken || hasExpiry else { return nil }
    var pattern = "^" + regexEscaped(String(pair[...equals])) + (isToken ? "[^;]+" : regexEscaped(String(cookieValue)))
    for part in parts.dropFirst() {
      let trimmed = part.trimmingCharacters(in: " ")
      if trimmed.lowercased().hasPrefix("expires=") {
        pattern += ";" + regexEscaped(String(part.prefix { $0 == " " }) + String(trimmed.prefix(8))) + "[^;]*"
      } else {
        pattern += ";" + regexEscaped(String(part))
      }
    }
    return pattern + "$"
  }

  /// `text` as a regular expression matching exactly it, controls written as `\x{..}`.
  static func regexEscaped(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
      if "\\^$.|?*+()[]{}/-".unicodeScalars.contains(scalar) {
        result += "\\" + String(scalar)
      } else if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
        result += "\\x{" + String(scalar.value, radix: 16) + "}"
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  /// How a body is recorded: readable for text, base64 for binary, by digest when large.
  public static func bodyLines(_ body: CapturedBytes) -> [String] { bodyLines(body, mask: IgnoreMask()) }

  /// Whether the body is recorded with parts left out.
  static func masksBody(_ body: CapturedBytes, _ mask: IgnoreMask) -> Bool {
    guard !mask.leavesBodyAlone, body.byteCount <= bodyLimit, body.isComplete,
      let text = String(validating: body.head, as: UTF8.self)
    else { return false }
    return mask.recordedBody(text) != text
  }

  static func bodyLines(_ body: CapturedBytes, mask: IgnoreMask) -> [String] {
    if body.byteCount > bodyLimit || !body.isComplete {
      return ["expect body size \(body.byteCount)", "expect body sha256 \(body.sha256)"]
    }
    if !mask.leavesBodyAlone, let text = String(validating: body.head, as: UTF8.self) {
      let recorded = mask.recordedBody(text)
      if recorded != text { return contentLines("expect body", Array(recorded.utf8), allowBinary: true) }
    }
    return contentLines("expect body", body.head, allowBinary: true)
  }

  static func errorsLines(_ errors: CapturedBytes, mask: IgnoreMask = IgnoreMask()) -> [String] {
    guard errors.byteCount > 0 else { return [] }
    guard errors.byteCount <= bodyLimit, errors.isComplete else {
      return ["# the errors output (\(errors.byteCount) bytes) is too long to record"]
    }
    if !mask.errors.isEmpty, let text = String(validating: errors.head, as: UTF8.self) {
      return contentLines("expect errors", Array(IgnoreMask.masked(text, mask.errors).utf8), allowBinary: false)
    }
    return contentLines("expect errors", errors.head, allowBinary: false)
  }

  /// `command` followed by the bytes in the most readable lossless form.
  static func contentLines(_ command: String, _ bytes: [UInt8], allowBinary: Bool) -> [String] {
    if bytes.isEmpty { return ["\(command) \"\""] }
    if let text = String(validating: bytes, as: UTF8.self) {
      if hasNoControls(bytes, allowingLineBreaks: true) { return hereDocument(command, text) }
      if text.utf8.count <= 1024 || !allowBinary { return ["\(command) \(JSONValue.quoted(text))"] }
    } else if !allowBinary {
      return ["\(command) \(JSONValue.quoted(String(decoding: bytes, as: UTF8.self)))"]
    }
    let terminator = "END"
    return ["\(command) base64 <<\(terminator)"] + Base64.encode(bytes) + [terminator]
  }

  /// Whether UTF-8 text holds no control character (C0, DEL, or C1: U+0080 to U+009F, written
  /// `C2 80` to `C2 9F`), but the line feed and the tab when `allowingLineBreaks`; read on the bytes.
  static func hasNoControls(_ bytes: some Sequence<UInt8>, allowingLineBreaks: Bool) -> Bool {
    var afterC2 = false
    for byte in bytes {
      if afterC2, byte <= 0x9F { return false }
      afterC2 = byte == 0xC2
      if byte == 0x7F { return false }
      if byte < 0x20, !allowingLineBreaks || byte != UInt8(ascii: "\n") && byte != UInt8(ascii: "\t") { return false }
    }
    return true
  }

  /// A here-document holding `text`, with a terminator no line of it equals, quoted when `{{` must stay literal.
  static func hereDocument(_ command: String, _ text: String) -> [String] {
    let lines = SessionParser.lines(of: text)
    let chomp = !text.hasSuffix("\n")
    var terminator = "END"
    var counter = 1
    while lines.contains(where: { closes($0, terminator) }) {
      terminator = "END\(counter)"
      counter += 1
    }
    let opening = text.containsDoubled("{") ? "<<'\(terminator)'" : "<<\(terminator)"
    return ["\(command) \(chomp ? "chomp " : "")\(opening)"] + lines + [terminator]
  }

  /// Whether `line` would close a here-document ended by `terminator`: it is the terminator
  /// with blanks around it, as the parser reads it.
  static func closes(_ line: String, _ terminator: String) -> Bool {
    let bytes = line.utf8
    // Nearly every line is longer or shorter than any terminator plus its blanks.
    guard bytes.count >= terminator.utf8.count else { return false }
    let blank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }
    var start = bytes.startIndex
    var end = bytes.endIndex
    while start < end, blank(bytes[start]) { start = bytes.index(after: start) }
    while end > start, blank(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
    return bytes[start..<end].elementsEqual(terminator.utf8)
  }
}
