#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The session as it happens, in the session language: each command, and after
/// each dispatch its response as `expect` lines.
///
/// Every line goes to the file with one `write` before the next prompt, so a
/// killed shell loses nothing typed.
final class Journal {
  /// The journal file.
  let path: String
  private let descriptor: Int32

  /// Starts a new journal in `folder`, named by the time it started.
  /// - Parameters:
  ///   - folder: The folder of journals; created when missing.
  ///   - header: Comment lines written first (what was loaded from the command line).
  /// - Throws: ``ShellError/fileSystem(operation:path:reason:)`` when the file cannot be created.
  init(folder: String, header: [String] = []) throws {
    try StateDirectory.create(folder)
    var now = time(nil)
    var parts = tm()
    gmtime_r(&now, &parts)
    func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
    let stamp =
      "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
      + "\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))Z"
    var candidate = folder + "/" + stamp + ".gws"
    var attempt = 1
    var descriptor = open(candidate, O_CREAT | O_EXCL | O_WRONLY | O_APPEND, 0o600)
    // Two shells started in the same second each get their own file.
    while descriptor < 0, errno == EEXIST {
      attempt += 1
      candidate = folder + "/" + stamp + "-\(attempt).gws"
      descriptor = open(candidate, O_CREAT | O_EXCL | O_WRONLY | O_APPEND, 0o600)
    }
    guard descriptor >= 0 else {
      throw ShellError.fileSystem(operation: "create", path: candidate, reason: String(cString: strerror(errno)))
    }
    self.path = candidate
    self.descriptor = descriptor
    append(header)
  }

  deinit { close(descriptor) }

  /// Appends lines, each ending in a line feed, in one write.
  func append(_ lines: [String]) {
    guard !lines.isEmpty else { return }
    let bytes = Array(lines.map { $0 + "\n" }.joined().utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
      if written < 0, errno == EINTR { continue }
      // A full disk must not take the shell down; the journal is a convenience.
      if written <= 0 { return }
      offset += written
    }
  }
}
