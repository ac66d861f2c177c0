import AppLoaders
import Gateway
import TestSupport
import Testing

/// The environ each request reaches Python with, now that the worker applies a
/// request's changes to its copy of the last one.
@Suite("Python environ from request to request")
struct PythonEnvironSequenceTests {
  @Test(
    "each request's environ equals a fresh worker's: same keys in the same order, same values, whatever the app did to the last one"
  )
  func sequence() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    directory.write(
      "dump.py",
      """
      import json
      def application(environ, start_response):
          shown = [[key, value if isinstance(value, (str, bool, tuple)) else type(value).__name__]
                   for key, value in environ.items()]
          # What the app does to its environ must not reach the next request.
          environ["x.added"] = True
          environ.pop("SERVER_NAME", None)
          environ["PATH_INFO"] = "/changed"
          start_response("200 OK", [("Content-Type", "application/json")])
          return [json.dumps(shown).encode()]
      """)
    let loader = AppLoader(options: LoadOptions(workingDirectory: directory.path))
    let app = try loader.load(.python(module: "dump", callable: "application"))
    defer { app.shutdown() }
    let requests: [(target: String, headers: [HeaderField], overrides: [(String, EnvironValue?)])] = [
      ("/a?x=1", [HeaderField("X-One", "1")], []),
      ("/b", [HeaderField("X-One", "2")], []),
      ("/b", [HeaderField("X-One", "2")], []),
      ("/c", [HeaderField("X-One", "3"), HeaderField("X-Two", "t")], []),
      ("/d", [HeaderField("X-One", "a\u{0}b")], [("wsgi.multithread", .bool(true))]),
      ("/e", [HeaderField("X-One", "4")], [("wsgi.run_once", nil)]),
      ("/a?x=1", [HeaderField("X-One", "1")], []),
    ]
    for request in requests {
      let seen = dispatch(app, target: request.target, headers: request.headers, overrides: request.overrides)
      let fresh = try loader.load(.python(module: "dump", callable: "application"))
      let expected = dispatch(fresh, target: request.target, headers: request.headers, overrides: request.overrides)
      fresh.shutdown()
      #expect(seen.status == "200 OK")
      #expect(seen.bodyText == expected.bodyText, "request \(request.target)")
    }
  }
}
