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

  /// How many processors this process may run on.
  package static var availableProcessors: Int {
    max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
  }

  /// Ends the process now with `status`, without running anything more of the program.
  package static func exit(_ status: Int32) -> Never { Glibc.exit(status) }
}
