import Glibc

/// The terminal gwsh runs in, if any.
package enum Terminal {
  /// Standard input, output and error.
  package static let input: Int32 = STDIN_FILENO
  package static let output: Int32 = STDOUT_FILENO
  package static let error: Int32 = STDERR_FILENO

  /// Whether `descriptor` is a terminal.
  package static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

  /// What reading one key gave.
  package enum Key: Equatable {
    case byte(UInt8)
    /// The input ended (Ctrl-D on an empty line reaches readline as this), or failed.
    case end
    /// A signal interrupted the read before a key came.
    case interrupted
  }

  /// Reads one key from `descriptor`, waiting for it; an interrupting signal is reported, not retried.
  package static func readKey(from descriptor: Int32) -> Key {
    var byte: UInt8 = 0
    let count = read(descriptor, &byte, 1)
    if count == 1 { return .byte(byte) }
    if count < 0, errno == EINTR { return .interrupted }
    return .end
  }

  /// The rows of the terminal on `descriptor`, or `nil` when it is none or does not say.
  package static func rows(of descriptor: Int32) -> Int? {
    var size = winsize()
    guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 else { return nil }
    return Int(size.ws_row)
  }

  /// The columns of the terminal on `descriptor`, or `nil` when it is none or does not say.
  package static func columns(of descriptor: Int32) -> Int? {
    var size = winsize()
    guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
    return Int(size.ws_col)
  }
}
