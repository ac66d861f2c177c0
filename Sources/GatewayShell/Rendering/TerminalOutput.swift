import Gateway
import Platform
import Synchronization

/// Somewhere the shell prints text.
protocol TextOutput: Sendable {
  /// Writes `text` in full.
  func write(_ text: String)
  /// Writes the text in `buffer` in full.
  func write(_ buffer: borrowing TextBuffer)
  /// Writes out whatever is held back: before the shell waits for input.
  func flush()
}

extension TextOutput {
  func write(_ buffer: borrowing TextBuffer) { write(buffer.text) }
  func flush() {}
}

/// Where the shell prints: a file descriptor, so that output from the app's thread
/// (a live view) and the main thread never interleave inside a line.
///
/// On a terminal every write goes out at once. Piped output may be held: a piped
/// session's responses then go out many to a write rather than one each, and no
/// longer than ``holdTime`` after they were printed, so a slow request, a long
/// import or a hung app never keeps the responses before it from the reader.
final class TerminalOutput: TextOutput {
  private let descriptor: BorrowedDescriptor
  /// Whether writes are held (see the type's comment).
  private let holds: Bool
  private let held = Mutex(Held())

  private struct Held {
    var bytes: [UInt8] = []
    /// Whether the alarm will write out what is held: one is set when the first bytes are held.
    var flushDue = false
  }

  /// The most output held; more is written at once.
  static let holdLimit = 1 << 16
  /// The longest output is held.
  static let holdTime = Duration.milliseconds(50)

  /// Standard output, each write at once.
  static let standard = TerminalOutput(descriptor: Terminal.output)
  /// Standard error.
  static let standardError = TerminalOutput(descriptor: Terminal.error)

  /// - Parameters:
  ///   - descriptor: Where the text goes; it stays open.
  ///   - holding: Whether to hold writes, up to ``holdLimit`` bytes and ``holdTime``, until ``flush()``.
  init(descriptor: Int32, holding: Bool = false) {
    self.descriptor = BorrowedDescriptor(descriptor)
    self.holds = holding
  }

  /// Writes `text` in full.
  func write(_ text: String) {
    guard !text.isEmpty else { return }
    var text = text
    text.withUTF8 { write(UnsafeRawBufferPointer($0)) }
  }

  /// Writes the bytes as they are: a rendered response goes out without being made a `String` first.
  func write(_ buffer: borrowing TextBuffer) {
    guard !buffer.isEmpty else { return }
    buffer.withBytes { write(UnsafeRawBufferPointer($0)) }
  }

  func flush() {
    guard holds else { return }
    held.withLock { held in writeHeld(&held) }
  }

  private func write(_ bytes: UnsafeRawBufferPointer) {
    held.withLock { held in
      guard holds else { return put(bytes) }
      if held.bytes.count + bytes.count > Self.holdLimit {
        // A large piece (a body shown whole) goes out as it is, not copied into the hold first.
        writeHeld(&held)
        if bytes.count >= Self.holdLimit { return put(bytes) }
      }
      held.bytes.append(contentsOf: bytes)
      if !held.flushDue {
        held.flushDue = true
        // The alarm runs its actions without its own lock held, so scheduling under this lock is safe.
        _ = Alarm.shared.schedule(after: Self.holdTime) { [self] in
          self.held.withLock { held in
            held.flushDue = false
            writeHeld(&held)
          }
        }
      }
    }
  }

  private func writeHeld(_ held: inout Held) {
    guard !held.bytes.isEmpty else { return }
    held.bytes.withUnsafeBytes { put($0) }
    held.bytes.removeAll(keepingCapacity: true)
  }

  private func put(_ bytes: UnsafeRawBufferPointer) {
    // A closed terminal or pipe loses the text: there is nowhere left to say so.
    try? descriptor.writeEverything(bytes)
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
