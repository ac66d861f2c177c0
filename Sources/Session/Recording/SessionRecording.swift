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
  /// - Returns: The recorded lines, and the volatile headers this recording marked with `ignore header`.
  public static func record(
    _ hops: [(request: Request, exchange: Exchange)], ignoring: [String]
  ) -> (recorded: RecordedResponse, newlyIgnored: [String]) {
    var text = TextBuffer()
    return record(hops, ignoring: ignoring, mask: IgnoreMask(), writingInto: &text)
  }

  /// The lines recording one dispatch, leaving out what `ignore json`, `ignore body` and `ignore errors` ignore.
  /// - Parameter text: Where the lines are written before they become the recorded text: a buffer
  ///   the caller keeps from one dispatch to the next, so its storage is not made anew each time.
  static func record(
    _ hops: [(request: Request, exchange: Exchange)], ignoring: [String], mask: IgnoreMask,
    writingInto text: inout TextBuffer
  ) -> (recorded: RecordedResponse, newlyIgnored: [String]) {
    guard !hops.isEmpty else { return (RecordedResponse(text: ""), []) }
    // The exchange alone: `hops.last` would copy the request beside it.
    let exchange = hops[hops.count - 1].exchange
    text.removeAll()
    text.appendLine(marker)
    for (index, hop) in hops.dropLast().enumerated() {
      // A target from a Location holding a byte that is not UTF-8 names it `\xe9`, as the prompt does.
      let from = ByteEscape.written(hop.request.target)
      let to = ByteEscape.written(hops[index + 1].request.target)
      text.appendLine(
        "# redirect \(index + 1): \(hop.request.method) \(from) -> \(hop.exchange.status ?? "no response")"
          + ", followed to \(hops[index + 1].request.method) \(to)")
    }
    if !exchange.outcome.isCompleted { text.appendLine("# outcome: \(exchange.outcome)") }
    var ignored = ignoring.map { $0.lowercased() }
    var newlyIgnored: [String] = []
    // Lower-cased once for both passes over the headers.
    let loweredNames = exchange.headers.map { $0.name.lowercased() }
    for (index, header) in exchange.headers.enumerated() {
      let lowered = loweredNames[index]
      if !ignored.contains(lowered), volatileHeaderKeys.contains(lowered) {
        ignored.append(lowered)
        newlyIgnored.append(header.name)
        text.append("ignore header ")
        text.appendLine(header.name)
      }
    }
    if let code = exchange.statusCode, let status = exchange.status {
      text.append("expect status ")
      text.append(decimal: code)
      let afterCode = status.utf8.dropFirst(3)
      // The reason, when a space parts it from the code and it holds no C0 control or DEL; the
      // spaces around it are not kept.
      if afterCode.first == UInt8(ascii: " "), let reason = afterCode.trimmed(of: UInt8(ascii: " ")),
        reason.allSatisfy({ $0 >= 0x20 && $0 != 0x7F })
      {
        text.append(UInt8(ascii: " "))
        text.append(reason)
      }
      text.newline()
    }
    // A body recorded with parts left out may come back with another length.
    let masked = masksBody(exchange.body, mask)
    for (index, header) in exchange.headers.enumerated() {
      let lowered = loweredNames[index]
      appendHeaderLine(header, ignored: ignored.contains(lowered) || masked && lowered == "content-length", to: &text)
    }
    // A Ctrl-C is the person's, not the app's: a replay runs the request to its end, so only
    // what went out before it is checked, and not the stop itself.
    let cancelled = exchange.outcome == .stopped(.cancelled)
    if case .stopped = exchange.outcome {
      // Where a stopped body was cut depends on timing, so a replay could not match it.
      let cause = cancelled ? " by Ctrl-C" : ""
      if exchange.status == nil {
        text.appendLine("# stopped\(cause) before the app answered, so no response is recorded")
      } else {
        text.appendLine(
          "# the body was cut short after \(exchange.body.byteCount) bytes\(cause), so it is not recorded")
      }
    } else {
      appendBody(exchange.body, mask: mask, to: &text)
    }
    appendErrors(exchange.errors, mask: mask, to: &text)
    var seen: Set<String> = []
    for diagnostic in exchange.diagnostics where seen.insert(diagnostic.id).inserted {
      if cancelled, diagnostic.id == Rule.dispatchStopped.id { continue }
      text.append("expect diagnostic ")
      text.appendLine(diagnostic.id)
    }
    text.newline()
    return (RecordedResponse(text: text.text), newlyIgnored)
  }

  /// The line that checks `header`: its value, a pattern for one that changes, or only its presence.
  static func appendHeaderLine(_ header: HeaderField, ignored: Bool, to text: inout TextBuffer) {
    let name = header.name
    // ASCII without blanks (space, tab, line breaks) or a colon: read on the bytes, as nearly every name is.
    guard !name.isEmpty, isPlainHeaderName(name) else {
      return text.appendLine("# header \(JSONValue.quoted(name)) cannot be written as an expectation")
    }
    text.append("expect header ")
    text.append(name)
    if ignored { return text.appendLine(" present") }
    // Recorded as the text its bytes are (`café`, as the prompt showed it, a byte that is not UTF-8
    // as `\xe9`), which a replay checks it as.
    let value = header.value.clientText
    if name.utf8.count == 10, name.lowercased() == "set-cookie", var pattern = cookiePattern(value) {
      // A pattern for a value holding a byte that is not UTF-8 is made from the bytes, which a replay matches.
      if ByteEscape.holdsStandIn(value) { pattern = cookiePattern(header.value, bytewise: true) ?? pattern }
      text.append(" ~ ")
      return text.appendLine(pattern)
    }
    if let plain = plainHeaderValue(value) {
      text.append(": ")
      text.appendLine(plain)
    } else {
      text.append(" ~ ^")
      let bytewise = ByteEscape.holdsStandIn(value)
      text.append(regexEscaped(bytewise ? header.value : value, bytewise: bytewise))
      text.appendLine("$")
    }
  }

  /// Whether a header's name can be written after `expect header`: ASCII without a blank (space,
  /// tab, line breaks) or a colon. Printable ASCII without a space or colon, as nearly every
  /// name is, is seen a word at a time.
  static func isPlainHeaderName(_ name: String) -> Bool {
    let plain = { (byte: UInt8) in
      byte < 0x80 && byte != UInt8(ascii: ":") && byte != 0x20 && !(0x09...0x0D).contains(byte)
    }
    // A name the words mark (a control, DEL or a byte past ASCII may still be allowed) is read byte by byte.
    let inPlace = name.utf8.withContiguousStorageIfAvailable { bytes in
      ByteLanes.noLaneMarked(in: bytes) {
        ByteLanes.unprintable($0) | ByteLanes.equal($0, to: UInt8(ascii: ":")) | ByteLanes.equal($0, to: 0x20)
      } == true || bytes.allSatisfy(plain)
    }
    return inPlace ?? name.utf8.allSatisfy(plain)
  }

  /// How a header's value is written after `expect header Name:`, or `nil` when it must be a
  /// pattern: one with a control character (C0, DEL or C1), a blank at either end (which the parser
  /// would trim), `{{`, or a `\x80` to `\xff` of its own (which would read as a byte). A byte
  /// that is not UTF-8 is written `\xe9`.
  static func plainHeaderValue(_ value: String) -> String? {
    let bytes = value.utf8
    let blank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
    if let first = bytes.first, blank(first) { return nil }
    if let last = bytes.last, blank(last) { return nil }
    guard !value.containsDoubled("{") else { return nil }
    // Printable ASCII without a backslash, as nearly every value is, is written as it is, seen a word at a time.
    let backslash = UInt8(ascii: "\\")
    let printable = bytes.withContiguousStorageIfAvailable { bytes in
      ByteLanes.noLaneMarked(in: bytes) { ByteLanes.unprintable($0) | ByteLanes.equal($0, to: backslash) }
        ?? bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != backslash }
    }
    if printable == true { return value }
    guard hasNoControls(bytes), !ByteEscape.holdsEscape(value) else { return nil }
    return ByteEscape.written(value)
  }

  /// The shortest cookie value taken for a generated token (a session id, a signed value) rather than a chosen one.
  static let tokenLength = 16

  /// A pattern for a `Set-Cookie` value that changes on every run: an `Expires` date, or a token as
  /// the value (a session id, a signed timestamp). `nil` when the value is the same on every run.
  /// - Parameter bytewise: Whether `value` is the native string of a value holding a byte that is
  ///   not UTF-8, each of its code points past ASCII written as the byte (`\x{e9}`).
  static func cookiePattern(_ value: String, bytewise: Bool = false) -> String? {
    let parts = value.split(separator: ";", omittingEmptySubsequences: false)
    guard let pair = parts.first, let equals = pair.firstIndex(of: "=") else { return nil }
    let cookieValue = pair[pair.index(after: equals)...]
    let isToken = cookieValue.count >= tokenLength
    let hasExpiry = parts.dropFirst().contains { $0.trimmingCharacters(in: " ").lowercased().hasPrefix("expires=") }
    guard isToken || hasExpiry else { return nil }
    var pattern =
      "^" + regexEscaped(String(pair[...equals]), bytewise: bytewise)
      + (isToken ? "[^;]+" : regexEscaped(String(cookieValue), bytewise: bytewise))
    for part in parts.dropFirst() {
      let trimmed = part.trimmingCharacters(in: " ")
      if trimmed.lowercased().hasPrefix("expires=") {
        pattern += ";" + regexEscaped(String(part.prefix { $0 == " " }) + String(trimmed.prefix(8))) + "[^;]*"
      } else {
        pattern += ";" + regexEscaped(String(part), bytewise: bytewise)
      }
    }
    return pattern + "$"
  }

  /// `text` as a regular expression matching exactly it, controls written as `\x{..}`.
  /// - Parameter bytewise: Whether every code point past ASCII is written so too: for the native
  ///   string of a value holding a byte that is not UTF-8, whose pattern a replay matches on its bytes.
  static func regexEscaped(_ text: String, bytewise: Bool = false) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
      if "\\^$.|?*+()[]{}/-".unicodeScalars.contains(scalar) {
        result += "\\" + String(scalar)
      } else if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || bytewise && scalar.value >= 0x80 {
        result += "\\x{" + String(scalar.value, radix: 16) + "}"
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  /// Whether UTF-8 text holds no control character (C0, DEL, or C1: U+0080 to U+009F, written
  /// `C2 80` to `C2 9F`); read on the bytes.
  static func hasNoControls(_ bytes: String.UTF8View) -> Bool {
    // Printable ASCII, as nearly every value is, is seen a word at a time.
    let printable = bytes.withContiguousStorageIfAvailable { bytes in
      ByteLanes.noLaneMarked(in: bytes, by: ByteLanes.unprintable)
    }
    if printable == true { return true }
    var afterC2 = false
    for byte in bytes {
      if afterC2, byte <= 0x9F { return false }
      afterC2 = byte == 0xC2
      if byte < 0x20 || byte == 0x7F { return false }
    }
    return true
  }
}

extension Substring.UTF8View {
  /// The bytes without `blank` at either end; `nil` when nothing else is left.
  func trimmed(of blank: UInt8) -> Substring.UTF8View? {
    guard let first = firstIndex(where: { $0 != blank }), let last = lastIndex(where: { $0 != blank }) else {
      return nil
    }
    return self[first...last]
  }
}
