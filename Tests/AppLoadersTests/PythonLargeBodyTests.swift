import AppLoaders
import Gateway
import Glibc
import TestSupport
import Testing

/// Large body chunks, which go through shared memory (up to 1 MiB; four
/// response chunks in flight) or the pipe (larger ones), arrive whole and in order.
@Suite("Python large body chunks")
struct PythonLargeBodyTests {
  @Test("chunks of every size arrive whole and in order, and the body's size and SHA-256 are Python's")
  func chunks() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
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

  @Test("an upload read in reads of every size reaches the app byte for byte")
  func upload() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    directory.write(
      "reads.py",
      """
      import hashlib
      def application(environ, start_response):
          stream, total = environ["wsgi.input"], int(environ["CONTENT_LENGTH"])
          read, sizes = hashlib.sha256(), [5, 1 << 20, 70000, (1 << 20) - 1, 65536, 3 << 20, 1 << 20]
          while True:
              chunk = stream.read(sizes[0])
              sizes = sizes[1:] + sizes[:1]
              if not chunk:
                  break
              read.update(chunk)
          expected = hashlib.sha256(bytes(index % 251 for index in range(total)))
          start_response("200 OK", [("Content-Type", "text/plain")])
          return [b"same" if read.digest() == expected.digest() else b"different"]
      """)
    let app = try AppLoader(options: LoadOptions(workingDirectory: directory.path)).load(
      .python(module: "reads", callable: "application"))
    defer { app.shutdown() }
    let size = 9 * 1024 * 1024 + 12345
    let body = Request.Body.stream(count: size, open: { PatternSource(remaining: size) })
    for _ in 0..<2 {
      // A generous limit: the test is about the bytes, and under Thread Sanitizer on a busy machine 9 MiB
      // made in instrumented code took longer than the default 20 s.
      let exchange = dispatch(app, method: "POST", body: body, timeout: .seconds(180))
      #expect(exchange.bodyText == "same")
      #expect(exchange.inputBytesRead == size)
    }
  }
}

/// `remaining` bytes counting 0, 1, ... 250, 0, 1, ..., made on demand.
struct PatternSource: ByteSource {
  var remaining: Int
  var offset = 0

  init(remaining: Int) { self.remaining = remaining }

  mutating func read(upTo maxCount: Int) throws -> [UInt8] {
    let count = min(remaining, maxCount)
    defer {
      remaining -= count
      offset += count
    }
    return (0..<count).map { UInt8((offset + $0) % 251) }
  }
}
