import AppLoaders
import Foundation
import Gateway
import Session

/// Dispatches and nothing else, for a profiler: `valgrind --tool=callgrind`
/// counts the instructions of exactly this, whatever else the machine runs.
struct Profile {
  var kind: String
  var count: Int
  var python: String
  var peers: String

  func run() throws {
    let loader = AppLoader(options: LoadOptions(workingDirectory: peers, python: python))
    let dispatcher = Dispatcher()
    let request = Request()
    switch kind {
    case "native":
      for _ in 0..<count { precondition(dispatcher.dispatch(request, to: HelloApp()).status == "200 OK") }
    case "watched":
      let mayBlock = HelloApp(stopsWhenAsked: false)
      for _ in 0..<count { precondition(dispatcher.dispatchWatched(request, to: mayBlock).status == "200 OK") }
    case "bridge", "cgi", "flask":
      let spec =
        kind == "bridge"
        ? "python:apps:trivial" : kind == "flask" ? "python:flask_app:app" : "cgi:" + peers + "/hello.cgi"
      let loaded = try loader.load(AppSpec(parsing: spec))
      defer { loaded.shutdown() }
      let request = kind == "flask" ? Request(target: "/items") : request
      for _ in 0..<count { precondition(dispatcher.dispatchWatched(request, to: loaded.app).status == "200 OK") }
    case "session", "echo":
      let file = NSTemporaryDirectory() + "gwsh-bench-profile-\(getpid()).gws"
      defer { try? FileManager.default.removeItem(atPath: file) }
      try
        ("load \(kind == "echo" ? "echo" : "hello")\n" + String(repeating: "GET /\nexpect status 200\n", count: count))
        .write(toFile: file, atomically: true, encoding: .utf8)
      precondition(SessionRunner(resolver: BenchResolver()).run([file]) { _ in }.exitCode == 0)
    default:
      fatalError("unknown profile \(kind): native, watched, bridge, cgi, flask, session or echo")
    }
  }
}
