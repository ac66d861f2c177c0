extension String {
  /// The text `bytes` hold, or `nil` when they are not UTF-8.
  ///
  /// The same as the standard library's `String(validating:as:)`, which looks up generic
  /// metadata at run time on every call (over a thousand instructions): this reads the bytes
  /// in place through `UTF8Span`. Statuses, headers and bodies are checked this way on every
  /// response.
  package init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
    guard let span = try? UTF8Span(validating: bytes.span) else { return nil }
    self.init(copying: span)
  }

  /// The text `bytes` hold, or `nil` when they are not UTF-8.
  package init?(utf8 bytes: some Collection<UInt8>) {
    guard let text = bytes.withContiguousStorageIfAvailable({ String(utf8: $0) }) else {
      self.init(utf8: Array(bytes))
      return
    }
    guard let text else { return nil }
    self = text
  }
}

extension [UInt8] {
  /// The most bytes, at most `budget`, that end between UTF-8 characters: where a long
  /// text is cut so that what is shown of it holds no half of a character.
  package func utf8Boundary(atMost budget: Int) -> Int {
    guard count > budget else { return count }
    var end = budget
    while end > 0, self[end] & 0xC0 == 0x80 { end -= 1 }
    return end
  }
}

extension String {
  /// The head of this text within `budget` bytes of UTF-8, cut between characters, and how many
  /// bytes were left out; `nil` when the whole text fits.
  package func utf8Head(within budget: Int) -> (head: String, leftOut: Int)? {
    guard utf8.count > budget else { return nil }
    let bytes = Array(utf8.prefix(budget + 1))
    let end = bytes.utf8Boundary(atMost: budget)
    return (String(decoding: bytes[..<end], as: UTF8.self), utf8.count - end)
  }
}
