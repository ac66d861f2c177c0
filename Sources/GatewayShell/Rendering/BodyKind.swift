/// How a body is shown, from its Content-Type and, without one, its bytes.
enum BodyKind: Equatable {
  /// No bytes.
  case empty
  /// A JSON document, pretty-printed.
  case json
  /// Text, shown as text.
  case text
  /// Anything else, shown as a hex dump.
  case binary

  /// The kind of a body.
  /// - Parameters:
  ///   - contentType: The response's Content-Type, if any.
  ///   - head: The first bytes of the body.
  static func of(contentType: String?, head: [UInt8]) -> BodyKind {
    guard !head.isEmpty else { return .empty }
    let mediaType = Self.mediaType(of: contentType)
    if mediaType.hasSuffix("/json") || mediaType.hasSuffix("+json") { return .json }
    let textual = ["text/", "application/xml", "application/javascript", "application/x-www-form-urlencoded"]
    if textual.contains(where: mediaType.hasPrefix) || mediaType.hasSuffix("+xml") { return .text }
    // A body declared as arbitrary bytes is dumped whatever it looks like, streamed or not.
    if mediaType == "application/octet-stream" { return .binary }
    if !mediaType.isEmpty {
      return looksLikeText(head) && !mediaType.hasPrefix("image/") ? .text : .binary
    }
    return looksLikeText(head) ? .text : .binary
  }

  /// The media type a Content-Type names, lower-cased, without its parameters and blanks.
  static func mediaType(of contentType: String?) -> String {
    guard let contentType else { return "" }
    let end = contentType.utf8.firstIndex(of: UInt8(ascii: ";")) ?? contentType.endIndex
    return contentType[..<end].lowercased().trimmingSpaces
  }

  /// Whether bytes read as text: mostly valid UTF-8 without NULs or many controls.
  static func looksLikeText(_ bytes: [UInt8]) -> Bool {
    let sample = bytes.prefix(4096)
    if sample.contains(0) { return false }
    let controls = sample.filter { $0 < 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 && $0 != 0x1B }.count
    var decoder = UTF8()
    var iterator = sample.makeIterator()
    var invalid = 0
    loop: while true {
      switch decoder.decode(&iterator) {
      case .scalarValue: continue
      case .emptyInput: break loop
      case .error: invalid += 1
      }
    }
    // A multi-byte character cut at the end of the sample counts as at most three errors.
    return controls * 20 <= sample.count && invalid <= 3 + sample.count / 100
  }
}

extension String {
  /// The string without leading and trailing spaces and tabs.
  var trimmingSpaces: String {
    let scalars = unicodeScalars
    guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
      let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })
    else { return "" }
    return String(scalars[first...last])
  }
}
