import Platform

/// The folder of session journals as a shell finds it when it starts: the journals, the
/// newest first, listed once for the look for an unended session and for the clean-up.
struct JournalFolder {
  /// The folder.
  let path: String
  /// The journals' file names, the newest first. Files not named as journals are not listed.
  let newestFirst: [String]

  /// Lists the journals in `path`.
  init(path: String) {
    self.path = path
    // Each name's place is read once, not in every comparison.
    let placed = (FileSystem.entries(of: path) ?? []).compactMap { JournalPlace(name: $0.name) }
    newestFirst = placed.sorted { $0 > $1 }.map(\.name)
  }

  /// The journal of the latest session that did not end as it should, if that is the latest
  /// session that is over: a shell killed, or whose terminal closed.
  ///
  /// The newest are looked at first, and those of shells still running are passed over; the
  /// first of a shell that is over decides. A journal without the process in its first line
  /// (an older gwsh's) or holding nothing but that line (nothing was typed) is not pointed at.
  /// - Parameter own: This shell's journal, passed over.
  func unended(except own: String) -> String? {
    let endLine = Array((Journal.endLine + "\n").utf8)
    for name in newestFirst {
      let path = path + "/" + name
      guard path != own else { continue }
      guard let (head, running) = Self.shell(writing: path) else { return nil }
      if running { continue }
      guard let firstLineEnd = head.firstIndex(of: UInt8(ascii: "\n")), head.count > firstLineEnd + 1,
        let end = try? FileSystem.readEnd(path, count: endLine.count)
      else { return nil }
      return end == endLine ? nil : path
    }
    return nil
  }

  /// The first bytes of the journal at `path`, and whether the shell its first line names still
  /// runs; `nil` when it cannot be read or names no shell (an older gwsh's journal).
  static func shell(writing path: String) -> (head: [UInt8], running: Bool)? {
    guard let (head, _) = try? FileSystem.read(path, limit: 256), let owner = Journal.owner(of: head) else {
      return nil
    }
    return (head, ProcessEnvironment.isRunning(owner.process, startedAt: owner.start))
  }
}
