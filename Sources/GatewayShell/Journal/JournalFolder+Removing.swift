import Platform

/// How the folder of journals stays bounded: a shell that starts removes the journals of
/// sessions past the newest ``keptCount``, and past ``keptBytes`` in all.
///
/// A journal is a safety net for what was typed, not an archive: a `save` is the record a
/// person keeps. Without a bound the folder only grows, and a piped replay of a million
/// requests writes over a hundred megabytes.
extension JournalFolder {
  /// How many sessions' journals are kept, the newest.
  static let keptCount = 100
  /// How many bytes of journals are kept, the newest first; the newest one is kept whatever its size.
  static let keptBytes = 256 << 20

  /// Removes the journals past the newest `count` and past `bytes` in all.
  ///
  /// The newest are counted first. Never removed: those in `kept` (this shell's, the
  /// unended one the start names) and those of shells still running, which are writing them.
  /// - Parameters:
  ///   - kept: Paths that stay whatever the bounds say.
  ///   - count: At most this many journals stay (besides `kept` and running shells').
  ///   - bytes: At most this many bytes of journals stay, the newest always.
  /// - Returns: The journals removed.
  @discardableResult
  func removeOld(keeping kept: [String], count: Int = keptCount, bytes: Int = keptBytes) -> [String] {
    var keptSoFar = 0
    var bytesSoFar = 0
    var full = false
    var removed: [String] = []
    for name in newestFirst {
      let path = path + "/" + name
      guard !kept.contains(path), let size = FileSystem.size(ofRegularFile: path) else { continue }
      // Once a journal is past a bound, every older one is too: what stays is the newest run of sessions.
      full = full || keptSoFar >= count || (keptSoFar > 0 && bytesSoFar + size > bytes)
      // A running shell is still writing its journal.
      if full, Self.shell(writing: path)?.running != true {
        if FileSystem.remove(path) { removed.append(path) }
        continue
      }
      keptSoFar += 1
      bytesSoFar += size
    }
    return removed
  }
}
