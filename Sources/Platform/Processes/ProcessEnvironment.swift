import Glibc

/// The process: its environment, its id, its processors, whether another process lives.
package enum ProcessEnvironment {
  /// The environment by name; where a name repeats, the first entry counts, as for getenv(3).
  package static var dictionary: [String: String] {
    let entries = current
    var result = [String: String](minimumCapacity: entries.count)
    for (name, value) in entries where result[name] == nil { result[name] = value }
    return result
  }

  /// One variable's value, without listing the environment.
  package static func value(named name: String) -> String? {
    getenv(name).map { String(cString: $0) }
  }

  /// The environment, in the order the process received it.
  package static var current: [(String, String)] {
    var result: [(String, String)] = []
    var pointer = environ
    while let entry = pointer.pointee {
      let text = String(cString: entry)
      if let equals = text.firstIndex(of: "=") {
        result.append((String(text[..<equals]), String(text[text.index(after: equals)...])))
      }
      pointer += 1
    }
    return result
  }

  /// This process's id.
  package static var processID: Int32 { getpid() }

  /// Whether a process with id `pid` exists (it may belong to another user).
  package static func processExists(_ pid: Int32) -> Bool {
    kill(pid, 0) == 0 || errno != ESRCH
  }

  /// When a process started, in clock ticks since boot (the 22nd field of `/proc/PID/stat`);
  /// `nil` when there is no such process. With the process id it names one process for good:
  /// an id is reused, an id and a start time are not.
  package static func startTime(of pid: Int32) -> UInt64? {
    status(of: pid)?.start
  }

  /// Whether the process `pid` that started at `start` (``startTime(of:)``) still runs: it
  /// exists, is that process, and has not ended waiting to be reaped (a zombie).
  package static func isRunning(_ pid: Int32, startedAt start: UInt64) -> Bool {
    guard let status = status(of: pid) else { return false }
    return status.start == start && status.state != UInt8(ascii: "Z")
  }

  /// A process's state (the 3rd field of `/proc/PID/stat`, such as `R`, `S` or `Z`) and start time.
  private static func status(of pid: Int32) -> (state: UInt8, start: UInt64)? {
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

  /// How many processors this process may run on.
  package static var availableProcessors: Int {
    max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
  }

  /// Ends the process now with `status`, without running anything more of the program.
  package static func exit(_ status: Int32) -> Never { Glibc.exit(status) }
}
