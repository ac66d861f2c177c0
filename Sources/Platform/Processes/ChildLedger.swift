import Glibc
import Synchronization

/// Where gwsh notes the children it started and has not stopped yet, one empty file each, so
/// that the next gwsh can stop what a killed one left running.
///
/// A child runs in a process group of its own, and a gwsh that ends normally kills each group
/// it started. A gwsh killed with SIGKILL cannot: a CGI program or a Python app in the middle of
/// a request runs on. Each entry is named `GWSH-CHILD-START`: the two process ids and the
/// child's start time, in clock ticks since boot, read from `/proc`. Before it stops a group, the
/// next gwsh checks that the process now holding the child's id started at that time, so a
/// process that reused the id is never touched.
package enum ChildLedger {
  private static let folder = Mutex<String?>(nil)
  /// The entries this process wrote and has not removed, by child.
  private static let entries = Mutex<[pid_t: String]>([:])

  /// Notes children from now on in `folder` (created by the caller); `nil` stops noting them.
  package static func keep(in folder: String?) {
    self.folder.withLock { $0 = folder }
  }

  /// Notes a child just started.
  static func record(_ pid: pid_t) {
    guard let folder = folder.withLock({ $0 }), let start = ProcessEnvironment.startTime(of: pid) else { return }
    let path = folder + "/" + entryName(pid, start: start)
    FileSystem.createIfMissing(path, mode: 0o600)
    entries.withLock { $0[pid] = path }
  }

  /// Forgets a child whose process group was stopped.
  static func forget(_ pid: pid_t) {
    if let path = entries.withLock({ $0.removeValue(forKey: pid) }) { FileSystem.remove(path) }
  }

  /// Stops the process group of every child this process noted and has not stopped, and forgets
  /// them: what a signal ending the shell (a closed terminal, SIGTERM) would otherwise leave
  /// running until the next gwsh starts. Each is a child not yet waited for, so its id is still its own.
  /// - Returns: How many groups were stopped.
  @discardableResult
  package static func stopAll() -> Int {
    let noted = entries.withLock { entries in
      defer { entries = [:] }
      return entries
    }
    for (pid, path) in noted {
      _ = kill(-pid, SIGKILL)
      FileSystem.remove(path)
    }
    return noted.count
  }

  /// Stops the process groups of children that a gwsh no longer running left behind, and
  /// forgets them.
  /// - Returns: How many groups were stopped.
  @discardableResult
  package static func stopAbandoned(in folder: String) -> Int {
    var stopped = 0
    for entry in FileSystem.entries(of: folder) ?? [] {
      let parts = entry.name.split(separator: "-")
      guard parts.count == 3, let parent = pid_t(parts[0]), let child = pid_t(parts[1]), let start = UInt64(parts[2])
      else { continue }
      guard !ProcessEnvironment.processExists(parent) else { continue }
      if ProcessEnvironment.startTime(of: child) == start, kill(-child, SIGKILL) == 0 { stopped += 1 }
      FileSystem.remove(folder + "/" + entry.name)
    }
    return stopped
  }

  private static func entryName(_ pid: pid_t, start: UInt64) -> String { "\(getpid())-\(pid)-\(start)" }
}
