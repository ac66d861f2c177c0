import Gateway
import Platform
import Synchronization

/// Somewhere the shell prints text.
protocol TextOutput: Sendable {
  /// Writes `text` in full.
  func write(_ text: String)
  /// Writes the text in `buffer` in full.
  func write(_ buffer: borrowing TextBuffer)
}

extension TextOutput {
  func write(_ buffer: borrowing TextBuffer) { write(buffer.text) }
}

/// Where the shell prints: a file descriptor written to directly, so output
/// from the app's thread (a live view) and the main thread never interleave
/// inside a line and nothing waits in a buffer when the process is killed.
final class TerminalOutput: TextOutput {
  private let descriptor: BorrowedDescriptor
  private let lock = Mutex(())

  /// Standard output.
  static let standard = TerminalOutput(descriptor: Terminal.output)
  /// Standard error.
  static let standardError = TerminalOutput(descriptor: Terminal.error)

  init(descriptor: Int32) {
    self.descriptor = BorrowedDescriptor(descriptor)
  }

  /// Writes `text` in full.
  func write(_ text: String) {
    guard !text.isEmpty else { return }
    // A closed terminal or pipe loses the text: there is nowhere left to say so.
    lock.withLock { _ in try? descriptor.writeEverything(text.utf8) }
  }

  /// Writes the bytes as they are: a rendered response goes out without being made a `String` first.
  func write(_ buffer: borrowing TextBuffer) {
    guard !buffer.isEmpty else { return }
    buffer.withBytes { bytes in
      lock.withLock { _ in try? descriptor.writeEverything(UnsafeRawBufferPointer(bytes)) }
    }
  }
}

/// Output kept in memory, for running the shell's logic without a terminal.
final class CapturedOutput: TextOutput {
  private let text = Mutex("")

  init() {}

  func write(_ text: String) { self.text.withLock { $0 += text } }

  /// Everything written so far.
  var contents: String { text.withLock { $0 } }
}
