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
