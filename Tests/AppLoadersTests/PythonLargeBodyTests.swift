import AppLoaders
import Gateway
import Glibc
import Testing

/// Large response chunks, which the worker hands over through shared memory
/// (up to 1 MiB, four in flight) or the pipe (larger ones), arrive whole, in order, as the app yielded them.
@Suite("Python large response chunks")
struct PythonLargeBodyTests {
  @Test("chunks of every size arrive whole and in order, and the body's size and SHA-256 are Python's")
  func chunks() throws {
    let directory = TempDirectory()
    defer { directory.remove() }
    directory.write(
      "big.py",
      """
      import hashlib
      SIZES = [5, 1 << 20, 70000, (1 << 20) - 1, 65535, 65536, 3 << 20, 1 << 20, 1 << 20, 1 << 20, 1 << 20, 1 << 20, 12]
      CHUNKS = [bytes([index % 251]) * size for index, size in enumerate(SIZES)]
      def application(environ, start_response):
          start_response("200 OK", [("Content-Type", "application/octet-stream")])
          if environ["PATH_INFO"] == "/digest":
              whole = b"".join(CHUNKS)
              return [("%d %s" % (len(whole), hashlib.sha256(whole).hexdigest())).encode()]
          return iter(CHUNKS)
      """)
    let app = try AppLoader(options: LoadOptions(workingDirectory: directory.path)).load(
      .python(module: "big", callable: "application"))
    defer { app.shutdown() }
    let expected = dispatch(app, target: "/digest").bodyText
    for _ in 0..<2 {
      let exchange = dispatch(app)
      #expect(exchange.outcome == .completed)
      #expect("\(exchange.body.byteCount) \(exchange.body.sha256)" == expected)
      #expect(exchange.body.chunkCount == 13)
      let yields = exchange.trace.entries.compactMap { entry -> Int? in
        if case .yield(let count) = entry.event { return count }
        return nil
      }
      #expect(
        yields == [5, 1 << 20, 70000, (1 << 20) - 1, 65535, 65536, 3 << 20] + Array(repeating: 1 << 20, count: 5) + [12]
      )
    }
  }
}
