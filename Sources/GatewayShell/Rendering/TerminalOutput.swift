import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Somewhere the shell prints text.
protocol TextOutput: Sendable {
  /// Writes `text` in full.
  func write(_ text: String)
}

/// Where the shell prints: a file descriptor written to directly, so output
/// from the app's thread (a live view) and the main thread never interleave
/// inside a line and nothing waits in a buffer when the process is killed.
final class TerminalOutput: TextOutput {
  private let descriptor: Int32
  private let lock = Mutex(())

  /// Standard output.
  static let standard = TerminalOutput(descriptor: STDOUT_FILENO)
  /// Standard error.
  static let standardError = TerminalOutput(descriptor: STDERR_FILENO)

  init(descriptor: Int32) {
    self.descriptor = descriptor
  }

  /// Writes `text` in full.
  func write(_ text: String) {
    guard !text.isEmpty else { return }
    let bytes = Array(text.utf8)
    lock.withLock { _ in
      var offset = 0
      while offset < bytes.count {
        let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        if written < 0, errno == EINTR { continue }
        if written <= 0 { return }
        offset += written
      }
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
