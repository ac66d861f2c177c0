/// Reads a descriptor line by line with `read(2)` itself, not through the C library's stdio.
///
/// A signal that arrives while the shell waits for its next piped line must be handled at
/// once: the shell removes its spilled bodies and ends. Through stdio (`getline`, which
/// `Swift.readLine` is), the wait is a read inside the C library, and a program built with
/// Thread Sanitizer runs a signal's handler only when a call it intercepts returns, so the
/// handler waited for the next line. Reading here, the wait is such a call.
package struct LineReader {
  private let descriptor: BorrowedDescriptor
  /// Bytes read and not yet handed out, from `start`.
  private var buffer: [UInt8] = []
  private var start = 0
  /// What one read fills.
  private var piece: [UInt8]
  private var ended = false

  /// Reads `fd`, which stays open when the reader goes.
  package init(_ fd: Int32, pieceSize: Int = 1 << 16) {
    descriptor = BorrowedDescriptor(fd)
    piece = [UInt8](repeating: 0, count: pieceSize)
  }

  /// Whether ``nextLine()`` can answer without reading: a whole line is held, or the input ended.
  package var hasLineReady: Bool {
    ended || buffer[start...].contains(UInt8(ascii: "\n"))
  }

  /// The next line's bytes, without its line feed; the last line may have none. `nil` at the
  /// end of the input, or when it cannot be read.
  package mutating func nextLine() -> ArraySlice<UInt8>? {
    var searched = start
    while true {
      if let newline = buffer[searched...].firstIndex(of: UInt8(ascii: "\n")) {
        let line = buffer[start..<newline]
        start = newline + 1
        return line
      }
      if ended {
        guard start < buffer.count else { return nil }
        defer { start = buffer.count }
        return buffer[start...]
      }
      // What was handed out is dropped before more is read, so the buffer holds at most a line and a piece.
      if start > 0 {
        buffer.removeSubrange(..<start)
        start = 0
      }
      searched = buffer.count
      let count = (try? descriptor.readSome(into: &piece)) ?? 0
      if count == 0 {
        ended = true
      } else {
        buffer.append(contentsOf: piece[..<count])
      }
    }
  }
}
