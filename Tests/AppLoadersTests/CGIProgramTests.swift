import AppLoaders
import Gateway
import Glibc
import TestSupport
import Testing

/// Real CGI programs in several languages, driven through the gateway core.
@Suite("CGI programs")
struct CGIProgramTests {
  func load(_ name: String, _ script: String, in directory: TemporaryFolder) throws -> LoadedApp {
    directory.write(name, script, executable: true)
    return try AppLoader(options: LoadOptions(workingDirectory: directory.path)).load(.cgi(path: name))
  }

  @Test("a shell script answers with its status, headers, body and stderr, reading exactly CONTENT_LENGTH bytes")
  func shellScript() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let app = try load(
      "hello.sh",
      """
      #!/bin/sh
      echo "hello on stderr" >&2
      printf 'Status: 201 Created\\r\\nContent-Type: text/plain\\r\\nX-Args: %s\\r\\n\\r\\n' "$#"
      echo "method=$REQUEST_METHOD path=$PATH_INFO query=$QUERY_STRING"
      echo "body=$(cat)"
      """, in: directory)
    let exchange = dispatch(
      app, method: "POST", target: "/greet?name=ada&-s", headers: [HeaderField("Content-Type", "text/plain")],
      body: .bytes(Array("payload".utf8)))
    #expect(exchange.status == "201 Created")
    #expect(exchange.header("Content-Type") == "text/plain")
    #expect(exchange.header("X-Args") == "0", "the query string never becomes argv")
    #expect(exchange.bodyText == "method=POST path=/greet query=name=ada&-s\nbody=payload\n")
    #expect(exchange.errorsText == "hello on stderr\n")
    #expect(exchange.outcome == .completed)
  }

  @Test("a Python CGI script reads its body from stdin and its meta-variables from the environment")
  func pythonScript() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let app = try load(
      "form.py",
      """
      #!/usr/bin/env python3
      import os, sys
      body = sys.stdin.buffer.read(int(os.environ.get("CONTENT_LENGTH") or 0))
      sys.stdout.write("Content-Type: text/plain\\n\\n")
      sys.stdout.write("%s %s %d %s\\n" % (os.environ["REQUEST_METHOD"], os.environ["CONTENT_TYPE"], len(body), body.decode()))
      """, in: directory)
    let exchange = dispatch(
      app, method: "POST", target: "/form",
      headers: [HeaderField("Content-Type", "application/x-www-form-urlencoded")],
      body: .bytes(Array("a=1&b=2".utf8)))
    #expect(exchange.status == "200 OK")
    #expect(exchange.bodyText == "POST application/x-www-form-urlencoded 7 a=1&b=2\n")
  }

  @Test("a Perl CGI script answers", .enabled(if: SystemTools.which("perl") != nil))
  func perlScript() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let app = try load(
      "hello.pl",
      """
      #!/usr/bin/perl
      print "Content-Type: text/html\\r\\n\\r\\n";
      print "<p>Hello from Perl, $ENV{QUERY_STRING}</p>\\n";
      """, in: directory)
    let exchange = dispatch(app, target: "/?who=larry")
    #expect(exchange.status == "200 OK")
    #expect(exchange.header("Content-Type") == "text/html")
    #expect(exchange.bodyText == "<p>Hello from Perl, who=larry</p>\n")
  }

  @Test("the child's environment is the environ and a minimal PATH, never gwsh's own variables")
  func environmentIsolation() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    setenv("GWSH_TEST_SECRET", "hunter2", 1)
    defer { unsetenv("GWSH_TEST_SECRET") }
    let app = try load(
      "env.sh",
      """
      #!/bin/sh
      printf 'Content-Type: text/plain\\n\\n'
      env
      """, in: directory)
    let exchange = dispatch(app, overrides: [("MY_SETTING", .string("on purpose"))])
    let lines = Set(exchange.bodyText.split(separator: "\n").map(String.init))
    #expect(!exchange.bodyText.contains("hunter2"))
    #expect(lines.contains("PATH=/usr/local/bin:/usr/bin:/bin"))
    #expect(lines.contains("MY_SETTING=on purpose"))
    #expect(lines.contains("REQUEST_METHOD=GET"))
    #expect(!lines.contains { $0.hasPrefix("HOME=") })
  }

  @Test("the program runs in a process group of its own, and in a session of its own when gwsh has a terminal")
  func ownGroupAndSession() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let app = try load(
      "session.sh",
      """
      #!/bin/sh
      printf 'Content-Type: text/plain\\n\\n'
      echo "pid=$$ group=$(cut -d' ' -f5 /proc/$$/stat) session=$(cut -d' ' -f6 /proc/$$/stat)"
      """, in: directory)
    let exchange = dispatch(app)
    var fields: [String: String] = [:]
    for word in exchange.bodyText.split(whereSeparator: \.isWhitespace) {
      let parts = word.split(separator: "=", maxSplits: 1)
      if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
    }
    #expect(fields.count == 3, "\(exchange.outcome); errors: \(exchange.errorsText)")
    // Its own group, so that stopping it stops what it started.
    #expect(fields["group"] == fields["pid"])
    // Its own session only when there is a terminal to keep it off (the pseudo-terminal
    // tests check that it cannot write to one); without, a session costs a scheduler group.
    let terminal = open("/dev/tty", O_RDWR | O_NOCTTY)
    if terminal >= 0 { close(terminal) }
    #expect((fields["session"] == fields["pid"]) == (terminal >= 0))
  }

  @Test("a Proxy header never becomes HTTP_PROXY (httpoxy), and a diagnostic says so")
  func httpoxy() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let app = try load(
      "proxy.sh",
      """
      #!/bin/sh
      printf 'Content-Type: text/plain\\n\\n'
      echo "proxy=${HTTP_PROXY-unset}"
      """, in: directory)
    let exchange = dispatch(app, headers: [HeaderField("Proxy", "http://evil.example:8080")])
    #expect(exchange.bodyText == "proxy=unset\n")
    #expect(exchange.diagnosticIDs.contains("cgi.httpoxy"))
  }

  @Test("an environ entry no environment can hold fails the request, and the program is not started")
  func unpassableEntries() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let app = try load(
      "ran.sh",
      """
      #!/bin/sh
      touch ran
      printf 'Content-Type: text/plain\\n\\nran\\n'
      """, in: directory)
    let cases: [(String, EnvironValue, String)] = [
      ("HTTP_X_SPLIT", .string("one\r\nX-Injected: two"), "its header value holds CR or LF"),
      ("A=B", .string("value"), "its name is empty or holds '=' or NUL"),
      ("X_NUL", .string("a\u{0}b"), "its value holds NUL"),
    ]
    for (key, value, problem) in cases {
      let exchange = dispatch(app, overrides: [(key, value)])
      guard case .failedBeforeHeaders(let failure) = exchange.outcome else {
        Issue.record("\(key): \(exchange.outcome)")
        continue
      }
      #expect(failure.message.contains(problem), "\(key): \(failure.message)")
      #expect(failure.message.contains("the program was not started"))
    }
    #expect(access(directory.path + "/ran", F_OK) != 0, "the program ran")
    #expect(dispatch(app, overrides: [("HTTP_X_FINE", .string("plain"))]).bodyText == "ran\n")
  }

  @Test("a header whose name holds '_' never reaches the program")
  func underscoreHeader() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let app = try load(
      "auth.sh",
      """
      #!/bin/sh
      printf 'Content-Type: text/plain\\n\\n'
      echo "auth=${HTTP_X_AUTH-unset}"
      """, in: directory)
    let exchange = dispatch(app, headers: [HeaderField("X_Auth", "admin")])
    #expect(exchange.bodyText == "auth=unset\n")
    #expect(exchange.diagnosticIDs.contains("request.header-underscore"))
  }

  @Test("a local redirect is fetched again inside as GET; an absolute Location without Status becomes 302")
  func redirects() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let app = try load(
      "redirect.sh",
      """
      #!/bin/sh
      case "$PATH_INFO" in
        /old) printf 'Location: /new?from=old\\n\\n' ;;
        /away) printf 'Location: https://example.com/\\n\\n' ;;
        /loop) printf 'Location: /loop\\n\\n' ;;
        *) printf 'Content-Type: text/plain\\n\\n%s %s %s' "$REQUEST_METHOD" "$PATH_INFO" "$QUERY_STRING" ;;
      esac
      """, in: directory)
    let local = dispatch(app, method: "POST", target: "/old", body: .bytes(Array("x".utf8)))
    #expect(local.status == "200 OK")
    #expect(local.bodyText == "GET /new from=old")
    #expect(local.diagnosticIDs.contains("cgi.local-redirect"))
    let client = dispatch(app, target: "/away")
    #expect(client.status == "302 Found")
    #expect(client.header("Location") == "https://example.com/")
    let loop = dispatch(app, target: "/loop")
    #expect(loop.status == "500 Internal Server Error")
    #expect(loop.errorsText.contains("redirected locally more than 5 times"))
  }

  @Test("a response without Content-Type is an error only with a body (RFC 3875): redirects and empty 404s pass")
  func contentTypeOnlyWithBody() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let app = try load(
      "untyped.sh",
      """
      #!/bin/sh
      case "$PATH_INFO" in
        /away) printf 'Location: https://example.com/\\r\\n\\r\\n' ;;
        /gone) printf 'Status: 404 Not Found\\r\\nExpires: Fri, 01 Jan 1980 00:00:00 GMT\\r\\n\\r\\n' ;;
        /late) printf 'Status: 404 Not Found\\r\\n\\r\\n'; sleep 0.2; printf 'not found' ;;
        *) printf 'Status: 200 OK\\r\\n\\r\\nuntyped' ;;
      esac
      """, in: directory)
    // The client redirect of RFC 3875 6.2.3 is a Location alone; git http-backend answers a 404 with no body.
    for target in ["/away", "/gone"] {
      let exchange = dispatch(app, target: target)
      #expect(exchange.bodyText.isEmpty)
      #expect(!exchange.diagnosticIDs.contains("header.content-type-missing"), "\(target)")
    }
    // A body, with the headers or after them, still needs its type.
    for target in ["/", "/late"] {
      let exchange = dispatch(app, target: target)
      #expect(!exchange.bodyText.isEmpty)
      #expect(exchange.diagnosticIDs.contains("header.content-type-missing"), "\(target)")
    }
  }

  @Test("header names count in any case, values lose the spaces around them, and CR LF or LF both end lines")
  func headerSection() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let app = try load(
      "head.sh",
      """
      #!/bin/sh
      printf 'content-type:text/plain\\r\\nX-Padded: \\t  spaced out \\t\\nLOCATION: http://example.com/next\\r\\n'
      printf 'status:   404 Not Found\\r\\nX-Empty:\\r\\n\\r\\nbody\\r\\n'
      """, in: directory)
    let exchange = dispatch(app)
    #expect(
      exchange.status == "404 Not Found", "an explicit Status wins over the Location's 302 (\(exchange.errorsText))")
    #expect(exchange.header("Content-Type") == "text/plain")
    #expect(exchange.header("X-Padded") == "spaced out")
    #expect(exchange.header("Location") == "http://example.com/next")
    #expect(exchange.header("X-Empty") == "")
    #expect(exchange.header("Status") == nil, "Status is CGI's, not an HTTP header")
    #expect(exchange.bodyText == "body\r\n")
  }

  @Test("an nph- program's response passes through without CGI header processing")
  func nonParsedHeaders() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let app = try load(
      "nph-raw.sh",
      """
      #!/bin/sh
      printf 'HTTP/1.1 418 I am a teapot\\r\\nContent-Type: text/plain\\r\\nLocation: /elsewhere\\r\\n\\r\\nshort and stout'
      """, in: directory)
    let exchange = dispatch(app)
    #expect(exchange.status == "418 I am a teapot")
    #expect(exchange.header("Location") == "/elsewhere")
    #expect(exchange.bodyText == "short and stout")
  }

  @Test("a 20 MiB body streams through the program's stdin, and a program that reads none of it still answers")
  func largeBodies() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let size = 20 * 1024 * 1024
    let body = Request.Body.stream(count: size, open: { RepeatingSource(remaining: size) })
    let counter = try load(
      "count.sh",
      """
      #!/bin/sh
      printf 'Content-Type: text/plain\\n\\n'
      wc -c | tr -d ' '
      """, in: directory)
    let counted = dispatch(counter, method: "POST", body: body)
    #expect(counted.bodyText == "\(size)\n")
    #expect(counted.inputBytesRead == size)

    let ignoring = try load(
      "ignore.sh",
      """
      #!/bin/sh
      printf 'Content-Type: text/plain\\n\\nignored'
      """, in: directory)
    let ignored = dispatch(ignoring, method: "POST", body: body)
    #expect(ignored.bodyText == "ignored")
    #expect(ignored.outcome == .completed)
    #expect(ignored.inputBytesRead < size)
  }

  @Test("a program that cannot be started answers 500 with the reason, and a non-zero exit is noted")
  func startFailure() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    let missingInterpreter = try load("bad.sh", "#!/no/such/interpreter\n", in: directory)
    let exchange = dispatch(missingInterpreter)
    #expect(exchange.status == "500 Internal Server Error")
    #expect(exchange.errorsText.contains("could not be started"))

    let failing = try load(
      "fails.sh", "#!/bin/sh\nprintf 'Content-Type: text/plain\\n\\nsorry'\nexit 4\n", in: directory)
    let failed = dispatch(failing)
    #expect(failed.bodyText == "sorry")
    #expect(failed.errorsText.contains("exited with status 4"))
  }
}
