extension CapturedBytes {
  /// Appends bytes derived from a captured stream, such as a compressed body once decoded, kept as
  /// any stream is: a bounded head in memory, and the size and digest of the whole.
  /// - Parameters:
  ///   - bytes: The next bytes of the derived stream.
  ///   - limits: How much is kept in memory; a derived stream is never spilled.
  public mutating func appendDerived(_ bytes: [UInt8], limits: CaptureLimits = CaptureLimits()) {
    append(bytes, at: 0, limits: CaptureLimits(headLimit: limits.headLimit, chunkRecordLimit: 0))
  }
}
