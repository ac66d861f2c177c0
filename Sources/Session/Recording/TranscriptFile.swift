import Platform

/// The transcript's lines, kept on disk so that a session of a million requests holds no
/// more memory than one of ten: `save` reads them back, nothing else does.
///
/// Lines are gathered in memory and written in pieces of ``flushSize`` to a temporary file,
/// made on the first piece and unlinked as soon as it is made: it has no name to leak, and
/// its space is freed when the session ends, however the process ends. When no temporary
/// file can be made, the lines stay in memory, as they did before.
final class TranscriptFile {
  /// How many bytes are gathered before they go to the file.
  static let flushSize = 1 << 16

  /// One line read back, and whether it may hold secret fields (a request line, a text body).
  struct Line {
    var text: String
    var secretCarrying: Bool
  }

  // Used by one engine on its thread, and no method calls out while it changes a property, so
  // the properties are not checked for exclusive access at run time: two lines appended a request.
  /// How many lines were appended.
  @exclusivity(unchecked) private(set) var count = 0
  /// Lines not yet written: per line, a flag byte, the length (4 bytes, little-endian), the UTF-8 bytes.
  @exclusivity(unchecked) private var pending: [UInt8] = []
  @exclusivity(unchecked) private var file: OwnedDescriptor?
  /// Whether making the file failed: then every line stays in `pending`.
  @exclusivity(unchecked) private var inMemory = false
  /// How many bytes the file holds.
  @exclusivity(unchecked) private var written = 0

  /// Appends one line.
  func append(_ text: String, secretCarrying: Bool = false) {
    var text = text
    text.withUTF8 { append($0, secretCarrying: secretCarrying) }
  }

  /// Appends one line given as its UTF-8 bytes.
  func append(_ bytes: UnsafeBufferPointer<UInt8>, secretCarrying: Bool = false) {
    pending.append(secretCarrying ? 1 : 0)
    let length = UInt32(bytes.count)
    for shift in stride(from: 0, to: 32, by: 8) { pending.append(UInt8(truncatingIfNeeded: length >> shift)) }
    pending.append(contentsOf: bytes)
    count += 1
    if pending.count >= Self.flushSize, !inMemory { flush() }
  }

  /// Every line, in order.
  func lines() -> [Line] {
    var bytes = readFile()
    bytes += pending
    var lines: [Line] = []
    lines.reserveCapacity(count)
    var offset = 0
    while offset + 5 <= bytes.count {
      let flag = bytes[offset]
      var length = 0
      for index in 0..<4 { length |= Int(bytes[offset + 1 + index]) << (8 * index) }
      let start = offset + 5
      let end = min(bytes.count, start + length)
      lines.append(Line(text: String(decoding: bytes[start..<end], as: UTF8.self), secretCarrying: flag & 1 != 0))
      offset = end
    }
    return lines
  }

  /// Writes the pending lines to the file, making it first.
  private func flush() {
    if file == nil {
      do {
        let (made, path) = try FileSystem.createUniqueFile(prefix: FileSystem.temporaryDirectory + "/gwsh-transcript-")
        FileSystem.remove(path)
        file = made
      } catch {
        inMemory = true
        return
      }
    }
    do {
      try file?.writeEverything(pending)
      written += pending.count
      pending.removeAll(keepingCapacity: true)
    } catch {
      // A full disk: what could not be written stays in memory, and so does what follows (only
      // the first `written` bytes of the file are ever read back, so a partial write is ignored).
      inMemory = true
    }
  }

  /// What the file holds.
  private func readFile() -> [UInt8] {
    guard let file, written > 0 else { return [] }
    var bytes = [UInt8](repeating: 0, count: written)
    var offset = 0
    while offset < written {
      let count = bytes.withUnsafeMutableBytes { buffer in
        try? file.readSome(into: UnsafeMutableRawBufferPointer(rebasing: buffer[offset...]), at: offset)
      }
      guard let count, count > 0 else { break }
      offset += count
    }
    return Array(bytes[..<offset])
  }
}
