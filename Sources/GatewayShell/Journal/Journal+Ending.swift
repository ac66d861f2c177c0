import Platform

/// How a journal says whose it is and whether its session ended, so that the next
/// start can point at the journal of a session that did not end: killed, or its
/// terminal closed, with what was typed in it nowhere else.
extension Journal {
  /// The line a shell's journal starts with: its process, named for good by its id and
  /// start time, so a later shell can tell whether the journal's shell still runs.
  static var sessionHeader: String {
    let process = ProcessEnvironment.processID
    let start = ProcessEnvironment.startTime(of: process).map { ", start \($0)" } ?? ""
    return "# gwsh session journal (process \(process)\(start))"
  }

  /// The line that ends the journal of a session ended by `quit`, Ctrl-D or the end of its input.
  static let endLine = "# the session ended"

  /// Notes that the session ended as it should: the next start has nothing to point at.
  func markEnded() {
    append(text: Self.endLine + "\n")
  }

  /// The journal of the latest session that did not end as it should, if that is the latest
  /// session that is over: a shell killed, or whose terminal closed.
  ///
  /// Journals are named by when their session started. The newest are looked at first, and
  /// those of shells still running are passed over; the first of a shell that is over decides.
  /// A journal without the process in its first line (an older gwsh's) or holding nothing
  /// but that line (nothing was typed) is not pointed at.
  /// - Parameters:
  ///   - folder: The folder of journals.
  ///   - own: This shell's journal, passed over.
  static func unended(in folder: String, except own: String) -> String? {
    let names = (FileSystem.entries(of: folder) ?? []).map(\.name).filter { $0.hasSuffix(".gws") }
    for name in names.sorted(by: { order(of: $0) > order(of: $1) }) {
      let path = folder + "/" + name
      guard path != own else { continue }
      guard let (head, _) = try? FileSystem.read(path, limit: 256), let owner = owner(of: head) else { return nil }
      if ProcessEnvironment.isRunning(owner.process, startedAt: owner.start) { continue }
      guard let firstLineEnd = head.firstIndex(of: UInt8(ascii: "\n")), head.count > firstLineEnd + 1,
        let end = try? FileSystem.readEnd(path, count: endLine.utf8.count + 1)
      else { return nil }
      return end == Array((endLine + "\n").utf8) ? nil : path
    }
    return nil
  }

  /// Where a journal's name puts it among the others: its stamp, then which of the shells that
  /// started in that second it was (`STAMP.gws` the first, `STAMP-2.gws` the second, and so on).
  static func order(of name: String) -> (stamp: Substring, attempt: Int) {
    let base = name.dropLast(".gws".count)
    guard let dash = base.lastIndex(of: "-"), base[..<dash].hasSuffix("Z"),
      let attempt = Int(base[base.index(after: dash)...])
    else { return (base, 1) }
    return (base[..<dash], attempt)
  }

  /// The process and start time in a journal's first line (``sessionHeader``).
  static func owner(of head: [UInt8]) -> (process: Int32, start: UInt64)? {
    let firstLine = String(decoding: head.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
    let prefix = "# gwsh session journal (process "
    guard firstLine.hasPrefix(prefix), firstLine.hasSuffix(")") else { return nil }
    let fields = firstLine.dropFirst(prefix.count).dropLast().split(separator: ", start ")
    guard fields.count == 2, let process = Int32(fields[0]), let start = UInt64(fields[1]) else { return nil }
    return (process, start)
  }
}
