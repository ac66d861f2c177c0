import Platform
import Synchronization

/// The session as it happens, in the session language: each command, and after
/// each dispatch its response as `expect` lines.
///
/// Every line goes to the file with one `write` before it runs or before the next
/// prompt, so a killed shell loses nothing typed. A recorded response may be held
/// (``hold(text:)``) until the next line goes out with it, one write for both.
final class Journal: Sendable {
  /// The journal file.
  let path: String
  private let file: OwnedDescriptor
  private let state = Mutex(State())

  private struct State {
    /// How many bytes the file holds, and where the last ``append(_:)`` began: what
    /// ``replaceLast(with:)`` cuts back to.
    var end = 0
    var lastStart = 0
    /// Text held to go out with the next write.
    var held: [UInt8] = []
  }

  /// Starts a new journal in `folder`, named by the time it started.
  /// - Parameters:
  ///   - folder: The folder of journals; created when missing.
  ///   - header: Comment lines written first (what was loaded from the command line).
  /// - Throws: ``ShellError/fileSystem(operation:path:reason:)`` when the file cannot be created.
  init(folder: String, header: [String] = []) throws {
    try StateDirectory.create(folder)
    let stamp = Self.stamp(secondsSinceEpoch: WallClock.secondsSinceEpoch)
    var candidate = folder + "/" + stamp + ".gws"
    var attempt = 1
    while true {
      do {
        // Closed in children: an app must not hold the journal open, nor write to it.
        file = try FileSystem.createNew(candidate, mode: 0o600)
        break
      } catch  where error.alreadyExists {
        // Two shells started in the same second each get their own file.
        attempt += 1
        candidate = folder + "/" + stamp + "-\(attempt).gws"
      } catch {
        throw ShellError.fileSystem(operation: "create", path: candidate, reason: error.reason)
      }
    }
    self.path = candidate
    append(header)
  }

  /// The UTC time as `2025-03-01T120000Z`.
  ///
  /// Computed from the count of seconds (days to a civil date, as in Howard Hinnant's
  /// algorithm): gmtime_r would read /etc/localtime first, a file the shell has no use for.
  static func stamp(secondsSinceEpoch seconds: Int) -> String {
    let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    let second = seconds - days * 86_400
    let shifted = days + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return "\(year)-\(two(month))-\(two(day))T\(two(second / 3600))\(two(second % 3600 / 60))\(two(second % 60))Z"
  }

  /// Appends lines, each ending in a line feed, in one write.
  func append(_ lines: [String]) {
    var text = ""
    for line in lines {
      text += line
      text += "\n"
    }
    append(text: text)
  }

  /// Appends text whose lines each end in a line feed, in one write with whatever is held.
  func append(text: String) {
    guard !text.isEmpty else { return }
    state.withLock { state in
      var text = text
      text.withUTF8 { bytes in
        let start = state.end + state.held.count
        guard write(&state, then: UnsafeRawBufferPointer(bytes)) else { return }
        state.lastStart = start
      }
    }
  }

  /// Holds `text` to go out with the next ``append(text:)``, or at ``flush()``.
  ///
  /// For the recorded response of a piped request, when the next line is already there:
  /// one write a request instead of two.
  func hold(text: String) {
    state.withLock { $0.held.append(contentsOf: text.utf8) }
  }

  /// Writes what is held: before the shell waits, and before a line that may take long.
  func flush() {
    state.withLock { state in _ = write(&state, then: UnsafeRawBufferPointer(start: nil, count: 0)) }
  }

  /// Writes what is held, then `bytes`, in one write; `false` when the write failed.
  private func write(_ state: inout State, then bytes: UnsafeRawBufferPointer) -> Bool {
    let total = state.held.count + bytes.count
    guard total > 0 else { return true }
    // A full disk must not take the shell down; the journal is a convenience.
    let written = state.held.withUnsafeBytes { held in
      (try? file.writeEverything(held, then: bytes)) != nil
    }
    state.held.removeAll(keepingCapacity: true)
    guard written else { return false }
    state.end += total
    return true
  }

  /// Replaces what the last ``append(_:)`` wrote with `lines`.
  ///
  /// A request line goes to the file before it runs, so a shell killed during the
  /// dispatch still leaves it; when it then fails without running (an undefined
  /// variable, no app loaded), it must become a comment, or the journal would not
  /// replay. The file is cut back to where that line began and the comment written
  /// in its place; nothing else is ever taken back.
  func replaceLast(with text: String) {
    // Whatever is held stays held: it goes out with the comment.
    let cut = state.withLock { state in
      guard file.truncate(to: state.lastStart) else { return false }
      state.end = state.lastStart
      return true
    }
    guard cut else {
      // Better a journal that says why its line fails than one that hides it.
      append(text.splitAtLineFeeds().filter { $0.hasPrefix("# failed:") })
      return
    }
    append(text: text)
  }
}
