import AppLoaders
import Gateway
import Glibc
import TestSupport
import Testing

/// CGI programs that crash, hang, write without end or break the response format.
@Suite("CGI faults")
struct CGIFaultTests {
  func load(_ name: String, _ script: String, in directory: TemporaryFolder) throws -> LoadedApp {
    directory.write(name, script, executable: true)
    return try AppLoader(options: LoadOptions(workingDirectory: directory.path)).load(.cgi(path: name))
  }

  @Test("a program killed by SIGSEGV ends as an error saying so, keeping what it wrote")
  func crash() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let app = try load(
      "crash.sh",
      """
      #!/bin/sh
      printf 'Content-Type: text/plain\\n\\npartial\\n'
      echo "about to crash" >&2
      kill -SEGV $$
      """, in: directory)
    let exchange = dispatch(app)
    #expect(exchange.status == "200 OK")
    #expect(exchange.bodyText == "partial\n")
    guard case .failedAfterHeaders(let failure) = exchange.outcome else {
      Issue.record("expected a failure after the headers, got \(exchange.outcome)")
      return
    }
    #expect(failure.message.contains("killed by SIGSEGV"))
    #expect(exchange.errorsText.contains("about to crash\n"))
  }

  @Test("a program that hangs is stopped, with its process group, at the timeout")
  func hang() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let marker = directory.path + "/grandchild-alive"
    let app = try load(
      "hang.sh",
      """
      #!/bin/sh
      (sleep 3; touch '\(marker)') &
      printf 'Content-Type: text/plain\\n\\nstarted\\n'
      sleep 30
      """, in: directory)
    let start = ContinuousClock.now
    let exchange = dispatch(app, timeout: .milliseconds(500))
    #expect(ContinuousClock.now - start < .seconds(3))
    #expect(exchange.outcome == .stopped(.timedOut(.milliseconds(500))))
    #expect(exchange.bodyText == "started\n")
    usleep(3_500_000)
    #expect(access(marker, F_OK) != 0, "the background child in the program's group was killed too")
  }

  @Test("endless output is cut at the response limit, and at the deadline without one")
  func endlessOutput() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let app = try load(
      "yes.sh",
      """
      #!/bin/sh
      printf 'Content-Type: text/plain\\n\\n'
      exec yes
      """, in: directory)
    let limited = dispatch(app, responseLimit: 1_000_000)
    #expect(limited.outcome == .stopped(.responseLimit(1_000_000)))
    #expect(limited.body.byteCount >= 1_000_000)
    #expect(limited.body.head.starts(with: Array("y\ny\n".utf8)))
    let timed = dispatch(app, timeout: .milliseconds(300))
    #expect(timed.outcome == .stopped(.timedOut(.milliseconds(300))))
    #expect(timed.body.byteCount > 0)
  }

  @Test("a cancelled dispatch stops the program")
  func cancellation() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let app = try load(
      "wait.sh",
      """
      #!/bin/sh
      sleep 30
      """, in: directory)
    let flag = CancellationFlag()
    let canceller = Thread {
      usleep(200_000)
      flag.cancel()
    }
    canceller.start()
    let start = ContinuousClock.now
    let exchange = dispatch(app, cancellation: flag)
    #expect(ContinuousClock.now - start < .seconds(3))
    #expect(exchange.outcome == .stopped(.cancelled))
  }

  @Test("headers that trickle in one byte at a time are parsed, and only once")
  func tricklingHeaders() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let app = try load(
      "trickle.py",
      """
      #!/usr/bin/env python3
      import os
      head = "X-Padding: " + "p" * 60000 + "\\r\\nContent-Type: text/plain\\r\\n\\r\\n"
      for byte in head.encode():
          os.write(1, bytes((byte,)))
      os.write(1, b"body")
      """, in: directory)
    let start = ContinuousClock.now
    let exchange = dispatch(app)
    #expect(exchange.status == "200 OK")
    #expect(exchange.header("Content-Type") == "text/plain")
    #expect(exchange.header("X-Padding")?.count == 60000)
    #expect(exchange.bodyText == "body")
    #expect(ContinuousClock.now - start < .seconds(10))
  }

  @Test(
    "a malformed response is answered 502 with the raw bytes and a diagnostic",
    arguments: [
      ("no blank line", "printf 'Content-Type: text/plain\\nno blank line follows'"),
      ("bad header line", "printf 'Content-Type: text/plain\\nthis is not a header\\n\\nbody'"),
      ("bad Status", "printf 'Status: abc\\nContent-Type: text/plain\\n\\nbody'"),
      ("twice Content-Type", "printf 'Content-Type: text/plain\\nContent-Type: text/html\\n\\nbody'"),
      (
        "twice Status in any case", "printf 'Content-Type: text/plain\\nstatus: 200 OK\\nSTATUS: 201 Created\\n\\nbody'"
      ),
      ("a name that is not a token", "printf 'Content-Type: text/plain\\nBad Name: x\\n\\nbody'"),
      ("an empty name", "printf 'Content-Type: text/plain\\n: x\\n\\nbody'"),
    ])
  func malformed(name: String, command: String) throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let app = try load("bad.sh", "#!/bin/sh\n\(command)\n", in: directory)
    let exchange = dispatch(app)
    #expect(exchange.status == "502 Bad Gateway", "\(name): \(exchange.outcome); errors: \(exchange.errorsText)")
    #expect(exchange.diagnosticIDs.contains("cgi.response-malformed"), "\(name)")
    #expect(
      exchange.bodyText.hasPrefix(command.hasPrefix("printf 'Status") ? "Status: abc" : "Content-Type: text/plain"))
  }
}

/// A thread for tests that act while a dispatch runs.
final class Thread: @unchecked Sendable {
  private let body: () -> Void
  private var handle = pthread_t()

  init(_ body: @escaping () -> Void) { self.body = body }

  func start() {
    let box = Unmanaged.passRetained(self).toOpaque()
    pthread_create(
      &handle, nil,
      { raw in
        let thread = Unmanaged<Thread>.fromOpaque(raw!).takeRetainedValue()
        thread.body()
        return nil
      }, box)
    pthread_detach(handle)
  }
}
