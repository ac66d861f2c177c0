/// How a body is shown, from its Content-Type and, without one, its bytes.
enum BodyKind: Equatable {
  /// No bytes.
  case empty
  /// A JSON document, pretty-printed.
  case json
  /// An XML document, laid out an element a line when it can be (``XMLLayout``).
  case xml
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
    switch Declared(contentType) {
    case .json: return .json
    case .xml: return .xml
    case .text: return .text
    case .binary: return .binary
    case .other, .none: return looksLikeText(head) ? .text : .binary
    }
  }

  /// What a Content-Type says of the body, from its media type: lower-cased, without its
  /// parameters and surrounding blanks. Read as bytes in place, not as characters: every
  /// response is shown through here, and the names compared with are ASCII.
  enum Declared: Equatable {
    /// `…/json` or `…+json`.
    case json
    /// `application/xml`, `text/xml` or `…+xml` (not XHTML, which is a page).
    case xml
    /// `text/…`, XML, JavaScript, a form.
    case text
    /// `application/octet-stream` or `image/…`: dumped whatever the bytes look like, streamed or not.
    case binary
    /// Another media type: the bytes decide.
    case other
    /// No Content-Type, or an empty one.
    case none

    init(_ contentType: String?) {
      guard var contentType else {
        self = .none
        return
      }
      self = contentType.withUTF8 { Self(mediaType: $0) }
    }

    private init(mediaType header: UnsafeBufferPointer<UInt8>) {
      var end = header.firstIndex(of: UInt8(ascii: ";")) ?? header.count
      var start = 0
      while start < end, header[start] == 0x20 || header[start] == 0x09 { start += 1 }
      while end > start, header[end - 1] == 0x20 || header[end - 1] == 0x09 { end -= 1 }
      let type = UnsafeBufferPointer(rebasing: header[start..<end])
      func lowered(_ byte: UInt8) -> UInt8 { byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte }
      func matches(_ part: UnsafeBufferPointer<UInt8>.SubSequence, _ name: StaticString) -> Bool {
        name.withUTF8Buffer { name in part.count == name.count && zip(part, name).allSatisfy { lowered($0) == $1 } }
      }
      func starts(_ name: StaticString) -> Bool {
        type.count >= name.utf8CodeUnitCount && matches(type.prefix(name.utf8CodeUnitCount), name)
      }
      func ends(_ name: StaticString) -> Bool {
        type.count >= name.utf8CodeUnitCount && matches(type.suffix(name.utf8CodeUnitCount), name)
      }
      if type.isEmpty {
        self = .none
      } else if ends("/json") || ends("+json") {
        self = .json
      } else if matches(type[...], "application/xml") || matches(type[...], "text/xml")
        || ends("+xml") && !ends("xhtml+xml")
      {
        self = .xml
      } else if starts("text/") || starts("application/xml") || starts("application/javascript")
        || starts("application/x-www-form-urlencoded") || ends("+xml")
      {
        self = .text
      } else if matches(type[...], "application/octet-stream") || starts("image/") {
        self = .binary
      } else {
        self = .other
      }
    }
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
