import Foundation
import TestSupport
import Testing

/// lighttpd on a loopback port, running `gwsh cgi APP` through mod_cgi.
struct Lighttpd {
  let folder: TemporaryFolder
  let port: Int
  let server: ChildProgram

  init(apps: [String]) throws {
    let lighttpd = try SystemTools.require("lighttpd", aptPackage: "lighttpd")
    folder = TemporaryFolder(prefix: "gwsh-lighttpd")
    for name in apps {
      // The script is what a user would install: a two-line wrapper the server executes.
      folder.write(
        "www/\(name).cgi", "#!/bin/sh\nexec '\(SystemTools.gwshExecutable)' cgi \(name)\n", executable: true)
    }
    var lastError = ""
    for _ in 0..<20 {
      let port = Int.random(in: 20_000..<60_000)
      folder.write(
        "lighttpd.conf",
        """
        server.document-root = "\(folder.path)/www"
        server.bind = "127.0.0.1"
        server.port = \(port)
        server.modules = ("mod_cgi")
        server.errorlog = "\(folder.path)/error.log"
        server.breakagelog = "\(folder.path)/cgi-stderr.log"
        cgi.assign = (".cgi" => "")
        server.stream-response-body = 2

        """)
      // ChildProgram starts it as from a shell: no signal blocked (a test's threads block SIGTERM and
      // SIGCHLD, and a server that inherited that mask would ignore SIGTERM and never reap its CGI programs).
      let server = try ChildProgram(
        lighttpd, ["-D", "-f", "\(folder.path)/lighttpd.conf"], output: .discarded, errors: .discarded)
      if Self.waitForPort(port), server.isRunning {
        self.port = port
        self.server = server
        return
      }
      Self.stop(server)
      lastError = (try? String(contentsOfFile: "\(folder.path)/error.log", encoding: .utf8)) ?? ""
    }
    throw SystemToolError(command: "lighttpd", package: "lighttpd", output: "it did not start: \(lastError)")
  }

  static func waitForPort(_ port: Int) -> Bool {
    for _ in 0..<100 {
      let probe = try? ChildProgram.run("curl", ["-s", "-o", "/dev/null", "http://127.0.0.1:\(port)/"])
      if probe?.status == 0 { return true }
      Thread.sleep(forTimeInterval: 0.05)
    }
    return false
  }

  /// Makes a request with curl and returns the status line, headers and body as curl printed them.
  func curl(_ path: String, _ options: [String] = []) throws -> (head: String, body: String) {
    let result = try ChildProgram.run(
      "curl", ["-s", "-i", "--max-time", "20"] + options + ["http://127.0.0.1:\(port)\(path)"])
    let text = result.standardOutputText
    guard let split = text.range(of: "\r\n\r\n") else { return (text, "") }
    return (String(text[..<split.lowerBound]), String(text[split.upperBound...]))
  }

  /// Waits until the CGI programs' standard error (lighttpd's breakage log)
  /// holds `text`: lighttpd copies it there on its own schedule, so it may land
  /// after the client already has the response.
  func cgiStandardErrorContains(_ text: String) -> Bool {
    for _ in 0..<100 {
      let log = (try? String(contentsOfFile: "\(folder.path)/cgi-stderr.log", encoding: .utf8)) ?? ""
      if log.contains(text) { return true }
      Thread.sleep(forTimeInterval: 0.05)
    }
    return false
  }

  /// lighttpd's error log and the programs' standard error, for a failure's message:
  /// the folder holding them is gone once the test ends.
  var logs: Comment {
    let read = { (name: String) in (try? String(contentsOfFile: "\(folder.path)/\(name)", encoding: .utf8)) ?? "" }
    return "error.log:\n\(read("error.log"))\ncgi-stderr.log:\n\(read("cgi-stderr.log"))"
  }

  func stop() {
    Self.stop(server)
    folder.remove()
  }

  /// SIGTERM, then SIGKILL to its process group if it lingers.
  static func stop(_ server: ChildProgram) {
    server.signal(SIGTERM)
    server.wait(timeout: .seconds(2))
  }
}

@Suite("gwsh cgi behind a real web server (lighttpd's mod_cgi, curl)", .serialized)
struct CGIBehindLighttpdTests {
  @Test("started by hand, with no request method, it says a web server starts it, and answers nothing")
  func startedByHand() throws {
    let result = try ChildProgram.run(
      SystemTools.gwshExecutable, ["cgi", "demo"], environment: ["PATH": "/usr/bin:/bin"])
    #expect(result.status == 2)
    #expect(result.standardOutputText.isEmpty)
    #expect(result.standardErrorText.contains("REQUEST_METHOD is not set, so no web server started this request"))
    let served = try ChildProgram.run(
      SystemTools.gwshExecutable, ["cgi", "demo"],
      environment: ["PATH": "/usr/bin:/bin", "REQUEST_METHOD": "GET", "PATH_INFO": "/api/items/1"])
    #expect(served.status == 0)
    #expect(served.standardOutputText.hasPrefix("Status: 200 OK\r\n"))
  }

  @Test("echo receives the request's meta-variables and exactly its body")
  func echo() throws {
    _ = try SystemTools.require("curl", aptPackage: "curl")
    let server = try Lighttpd(apps: ["echo"])
    defer { server.stop() }
    let (head, body) = try server.curl(
      "/echo.cgi/orders/7?limit=2",
      [
        "-X", "POST", "-H", "X-Trace: t-1", "-H", "Content-Type: text/plain",
        "--data-binary", "hello lighttpd",
      ])
    #expect(head.hasPrefix("HTTP/1.1 200 OK"), server.logs)
    #expect(head.contains("Content-Type: application/json"))
    let document = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
    let environ = try #require(document["environ"] as? [String: String])
    #expect(environ["REQUEST_METHOD"] == "POST")
    #expect(environ["SCRIPT_NAME"] == "/echo.cgi")
    #expect(environ["PATH_INFO"] == "/orders/7")
    #expect(environ["QUERY_STRING"] == "limit=2")
    #expect(environ["HTTP_X_TRACE"] == "t-1")
    #expect(environ["CONTENT_TYPE"] == "text/plain")
    #expect(document["body"] as? String == "hello lighttpd")
    let wsgi = try #require(document["wsgi"] as? [String: Any])
    #expect(wsgi["wsgi.run_once"] as? Bool == true)
  }

  @Test("echo gets a header's and a query's bytes past ASCII as latin-1 native strings, as wsgiref's CGIHandler does")
  func echoGetsBytes() throws {
    _ = try SystemTools.require("curl", aptPackage: "curl")
    let server = try Lighttpd(apps: ["echo"])
    defer { server.stop() }
    let (head, body) = try server.curl("/echo.cgi/x?q=caf%C3%A9", ["-H", "X-In: caf\u{E9}"])
    #expect(head.hasPrefix("HTTP/1.1 200 OK"), server.logs)
    #expect(body.contains(#""HTTP_X_IN": "caf\u00c3\u00a9""#), "\(body)")
    let document = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
    let environ = try #require(document["environ"] as? [String: String])
    #expect(environ["HTTP_X_IN"] == "caf\u{C3}\u{A9}")
    #expect(environ["QUERY_STRING"] == "q=caf%C3%A9")
  }

  @Test("an app error becomes a 500 for the client and a logged error for the server")
  func appError() throws {
    let server = try Lighttpd(apps: ["demo"])
    defer { server.stop() }
    let (head, body) = try server.curl("/demo.cgi/fail")
    #expect(head.hasPrefix("HTTP/1.1 500"))
    #expect(body == "A server error occurred.  Please contact the administrator.")
    #expect(server.cgiStandardErrorContains("demo: about to look up an order that does not exist"))
    #expect(server.cgiStandardErrorContains("DemoError: order 42 does not exist"))
  }

  @Test("a header value with CR LF never reaches the client: no forged cookie, a 500 instead")
  func responseSplitting() throws {
    let server = try Lighttpd(apps: ["broken"])
    defer { server.stop() }
    let (head, _) = try server.curl("/broken.cgi/crlf")
    #expect(head.hasPrefix("HTTP/1.1 500"))
    #expect(!head.contains("forged"))
  }

  @Test("a streamed response arrives whole, and HEAD gets the headers without a body")
  func streamAndHead() throws {
    let server = try Lighttpd(apps: ["demo"])
    defer { server.stop() }
    let (_, body) = try server.curl("/demo.cgi/stream?count=3")
    #expect(body == "tick 1 of 3\ntick 2 of 3\ntick 3 of 3\n")
    let (head, headBody) = try server.curl("/demo.cgi/", ["-I"])
    #expect(head.hasPrefix("HTTP/1.1 200 OK"), server.logs)
    #expect(head.contains("Content-Type: text/html"))
    #expect(headBody.isEmpty)
  }
}
