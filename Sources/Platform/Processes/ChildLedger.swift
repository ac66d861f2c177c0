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
///
/// A child's entry can only be written once it runs, so a gwsh killed in between would leave
/// one unnoted. So the shell notes itself too (`shell-PID-START`), and each child starts with
/// ``variable`` naming it, which the child's own children inherit: when a noted shell is gone,
/// the next one stops every process still carrying its name.
package enum ChildLedger {
  /// The environment variable each child is started with while a ledger is kept: `PID-START`,
  /// the shell's process id and start time.
  package static let variable = "GWSH_SHELL"

  private static let folder = Mutex<String?>(nil)
  /// The entries this process wrote and has not removed, by child.
  private static let entries = Mutex<[pid_t: String]>([:])
  /// This process's `PID-START` while it keeps a ledger.
  private static let shellName = Mutex<String?>(nil)

  /// Notes children from now on in `folder` (created by the caller); `nil` stops noting them,
  /// and removes this shell's own entry.
  package static func keep(in folder: String?) {
    let previous = self.folder.withLock { current in
      defer { current = folder }
      return current
    }
    if let previous, let name = shellName.withLock({ $0 }) { FileSystem.remove(previous + "/shell-" + name) }
    guard let folder, let start = startTime(of: getpid()) else {
      shellName.withLock { $0 = nil }
      return
    }
    let name = "\(getpid())-\(start)"
    FileSystem.createIfMissing(folder + "/shell-" + name, mode: 0o600)
    shellName.withLock { $0 = name }
  }

  /// The value of ``variable`` for a child started now; `nil` when no ledger is kept.
  static var childTag: String? { shellName.withLock { $0 } }

  /// Notes a child just started.
  static func record(_ pid: pid_t) {
    guard let folder = folder.withLock({ $0 }), let start = startTime(of: pid) else { return }
    let path = folder + "/" + entryName(pid, start: start)
    FileSystem.createIfMissing(path, mode: 0o600)
    entries.withLock { $0[pid] = path }
  }

  /// Forgets a child whose process group was stopped.
  static func forget(_ pid: pid_t) {
    if let path = entries.withLock({ $0.removeValue(forKey: pid) }) { FileSystem.remove(path) }
  }

  /// Stops the process groups of children that a gwsh no longer running left behind, and
  /// forgets them.
  /// - Returns: How many groups were stopped.
  @discardableResult
  package static func stopAbandoned(in folder: String) -> Int {
    var stopped = 0
    for entry in FileSystem.entries(of: folder) ?? [] {
      if entry.name.hasPrefix("shell-") {
        stopped += stopTagged(byShell: String(entry.name.dropFirst(6)), in: folder)
        continue
      }
      let parts = entry.name.split(separator: "-")
      guard parts.count == 3, let parent = pid_t(parts[0]), let child = pid_t(parts[1]), let start = UInt64(parts[2])
      else { continue }
      guard !ProcessEnvironment.processExists(parent) else { continue }
      if startTime(of: child) == start, kill(-child, SIGKILL) == 0 { stopped += 1 }
      FileSystem.remove(folder + "/" + entry.name)
    }
    return stopped
  }

  /// Stops every process started with ``variable`` naming the shell `name` (`PID-START`) when that
  /// shell no longer runs, and removes its entry.
  private static func stopTagged(byShell name: String, in folder: String) -> Int {
    let parts = name.split(separator: "-")
    guard parts.count == 2, let shell = pid_t(parts[0]), let start = UInt64(parts[1]) else { return 0 }
    // A shell killed but not yet collected is a zombie: it runs no more.
    if let status = status(of: shell), status.start == start, status.state != UInt8(ascii: "Z") { return 0 }
    let needle = Array("\(variable)=\(name)".utf8) + [0]
    var stopped = 0
    for process in FileSystem.entries(of: "/proc") ?? [] {
      // Never this process or its own group: a gwsh started below the dead one (by its CGI program) carries its name.
      guard let pid = pid_t(process.name), pid != getpid(), getpgid(pid) != getpgrp(),
        let (environment, _) = try? FileSystem.read("/proc/\(pid)/environ", limit: 1 << 22),
        holdsEntry(environment, needle)
      else { continue }
      // The child leads its group, which holds what it started; a descendant that left the group goes alone.
      let group = getpgid(pid)
      if group == pid ? kill(-pid, SIGKILL) == 0 : kill(pid, SIGKILL) == 0 { stopped += 1 }
    }
    FileSystem.remove(folder + "/shell-" + name)
    return stopped
  }

  /// Whether an environment block (`NAME=value` entries, each ending in NUL) holds `entry` (which ends in NUL).
  static func holdsEntry(_ block: [UInt8], _ entry: [UInt8]) -> Bool {
    var start = 0
    while start + entry.count <= block.count {
      if block[start..<(start + entry.count)].elementsEqual(entry) { return true }
      guard let end = block[start...].firstIndex(of: 0) else { return false }
      start = end + 1
    }
    return false
  }

  private static func entryName(_ pid: pid_t, start: UInt64) -> String { "\(getpid())-\(pid)-\(start)" }

  /// When a process started, in clock ticks since boot (the 22nd field of `/proc/PID/stat`);
  /// `nil` when there is no such process.
  static func startTime(of pid: pid_t) -> UInt64? { status(of: pid)?.start }

  /// A process's state letter (`R`, `S`, `Z` for a zombie...) and start time, from `/proc/PID/stat`.
  static func status(of pid: pid_t) -> (state: UInt8, start: UInt64)? {
    guard let (bytes, _) = try? FileSystem.read("/proc/\(pid)/stat", limit: 4096),
      let close = bytes.lastIndex(of: UInt8(ascii: ")"))
    else { return nil }
    // After the command's name (which may hold spaces and parentheses) come the state, field 3, onwards.
    let fields = bytes[(close + 1)...].split(separator: UInt8(ascii: " "))
    guard fields.count > 19, let state = fields[0].first,
      let start = UInt64(String(decoding: fields[19], as: UTF8.self))
    else { return nil }
    return (state, start)
  }
}
