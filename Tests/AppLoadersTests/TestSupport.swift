import AppLoaders
import Foundation
import Gateway
import Glibc
import TestSupport

/// Runs a program to completion and returns its exit status and stdout (for test set-up, such as git);
/// a program that cannot be started has status 127, as a shell says it.
@discardableResult
func run(_ arguments: [String], directory: String? = nil, input: [UInt8] = []) -> (status: Int32, output: [UInt8]) {
  guard let program = arguments.first,
    let result = try? ChildProgram.run(
      program, Array(arguments.dropFirst()), input: Data(input), currentDirectory: directory)
  else { return (127, []) }
  return (result.status, Array(result.standardOutput))
}

func readFile(_ path: String) -> [UInt8] {
  guard let handle = fopen(path, "r") else { return [] }
  defer { fclose(handle) }
  var bytes: [UInt8] = []
  var buffer = [UInt8](repeating: 0, count: 65536)
  while true {
    let count = fread(&buffer, 1, buffer.count, handle)
    if count <= 0 { break }
    bytes += buffer[0..<count]
  }
  return bytes
}

extension String {
  var replacingQuotes: String { split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") }
}

extension Exchange {
  var bodyText: String { String(decoding: body.head, as: UTF8.self) }
  var errorsText: String { String(decoding: errors.head, as: UTF8.self) }
  var strayText: String { String(decoding: strayOutput.head, as: UTF8.self) }
  var diagnosticIDs: [String] { diagnostics.map(\.id) }
  func header(_ name: String) -> String? { headers.first(named: name) }
}

/// Loads `spec` from `directory` and dispatches one request to it, watched, with `timeout`.
func dispatch(
  _ app: LoadedApp, method: String = "GET", target: String = "/", headers: [HeaderField] = [],
  body: Request.Body = .bytes([]), overrides: [(String, EnvironValue?)] = [], timeout: Duration = .seconds(20),
  responseLimit: Int? = nil, cancellation: CancellationFlag? = nil
) -> Exchange {
  var request = Request(method: method, target: target, headers: headers, body: body)
  for (key, value) in overrides { request.overrides.append((key, value)) }
  let limits = DispatchLimits(timeout: timeout, responseLimit: responseLimit, cancellation: cancellation)
  return Dispatcher(limits: limits).dispatchWatched(request, to: app.app)
}

/// Whether `pid` is a live process: not gone, and not a zombie waiting to be collected
/// (in a container, process 1 may never collect orphans).
///
/// A process whose main thread is a zombie still runs while its other threads
/// exit (Python's `os._exit` from a timer thread ends that way); until they are
/// gone its parent cannot collect it, so it counts as running.
func isRunning(_ pid: pid_t) -> Bool {
  let stat = String(decoding: readFile("/proc/\(pid)/stat"), as: UTF8.self)
  guard let close = stat.lastIndex(of: ")") else { return false }
  let state = stat[stat.index(after: close)...].first { $0 != " " }
  guard state != nil else { return false }
  return (state != "Z" && state != "X") || threadCount(pid) > 1
}

/// How many threads `/proc/PID/task` lists (0 when the process is gone).
private func threadCount(_ pid: pid_t) -> Int {
  guard let folder = opendir("/proc/\(pid)/task") else { return 0 }
  defer { closedir(folder) }
  var count = 0
  while let entry = readdir(folder) {
    if entry.pointee.d_name.0 != CChar(UInt8(ascii: ".")) { count += 1 }
  }
  return count
}

extension Exchange {
  /// The failure the app ended with before the headers went out; `nil` when it ended otherwise.
  var failureBeforeHeaders: AppFailure? {
    if case .failedBeforeHeaders(let failure) = outcome { return failure }
    return nil
  }
}
