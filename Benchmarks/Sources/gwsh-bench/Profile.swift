import AppLoaders
import Foundation
import Gateway
import JSON
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
      precondition(SessionRunner(loader: benchLoader).run([file]) { _ in }.exitCode == 0)
    case "layout":
      // COUNT records of a JSON document like the suite's large one, laid out in 1 MiB pieces.
      let record =
        #"{"id":0,"name":"widget","price":12.5,"in_stock":true,"tags":["a","b","c"],"#
        + #""description":"A widget with a \"quoted\" name, caf\u00e9 and a tab\there.","#
        + #""dimensions":{"width":10,"height":2.5,"unit":"cm"}}"#
      let document = Array(("{\"items\":[" + Array(repeating: record, count: count).joined(separator: ",") + "]}").utf8)
      var stream = JSONLayout.Stream()
      var written = 0
      var offset = 0
      document.withUnsafeBufferPointer { document in
        while offset < document.count {
          let end = min(offset + (1 << 20), document.count)
          _ = stream.feed(UnsafeBufferPointer(rebasing: document[offset..<end])) { written += $0.count }
          offset = end
        }
      }
      _ = stream.finish { written += $0.count }
      precondition(written > document.count)
    case "writer":
      // COUNT records of the writer row's document, written indented as the echo app writes (`JSONPrettyWriter`).
      var writer = JSONPrettyWriter(capacity: 1 << 20)
      writer.openObject()
      writer.name("items")
      writer.openArray()
      for number in 0..<count { Suite.writeRecord(number, to: &writer) }
      writer.closeArray()
      writer.closeObject()
      let written = writer.finish()
      precondition(written.count > count)
    default:
      fatalError("unknown profile \(kind): native, watched, bridge, cgi, flask, session, echo, layout or writer")
    }
  }
}
