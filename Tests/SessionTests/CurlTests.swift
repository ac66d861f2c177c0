import Foundation
import Session
import TestSupport
import Testing

/// What the echo app received for the last request of a session: its environ's strings and the body.
struct Echoed {
  var environ: [String: String]
  var body: String
  /// The body's bytes, text or not.
  var bytes: [UInt8]
  var method: String { environ["REQUEST_METHOD"] ?? "" }

  init(_ events: [SessionEvent]) throws {
    let record = try #require(events.dispatches.last)
    let object = try #require(
      JSONSerialization.jsonObject(with: Data(record.exchange.body.head)) as? [String: Any])
    environ = try #require(object["environ"] as? [String: String])
    if let hex = object["body_hex"] as? String {
      let digits = Array(hex.utf8)
      bytes = stride(from: 0, to: digits.count, by: 2).map {
        UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)!
      }
      body = String(decoding: bytes, as: UTF8.self)
    } else {
      body = try #require(object["body"] as? String)
      bytes = Array(body.utf8)
    }
  }
}

@Suite("A curl command is a request")
struct CurlTests {
  /// Runs `load echo` and `line` in a folder holding `form.txt`, `data.bin` and `cookies.txt`.
  func echo(_ line: String, engine: SessionEngine = SessionEngine()) throws -> (Echoed, [SessionEvent]) {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try "a=1\nb=2\n".write(toFile: directory + "/form.txt", atomically: true, encoding: .utf8)
    try Data([0, 1, 0xFF, 0x0A, 0x0D]).write(to: URL(fileURLWithPath: directory + "/data.bin"))
    let statements = try SessionParser.parse("load echo\n" + line, file: directory + "/s.gws", directory: directory)
    let events = statements.flatMap { engine.execute($0) }
    #expect(events.errors.isEmpty, "\(events.errors)")
    return (try Echoed(events), events)
  }

  @Test("Chrome's Copy as cURL (bash), $'...' body and -b cookies included, reaches the app as the browser sent it")
  func chrome() throws {
    let (echoed, _) = try echo(
      #"""
      curl 'https://shop.example.com/api/cart?ref=nav&page=2' \
        -H 'accept: application/json, text/plain, */*' \
        -H 'accept-language: en-GB,en;q=0.9' \
        -H 'content-type: application/json' \
        -b 'sessionid=abc123; csrftoken=XyZ9' \
        -H 'origin: https://shop.example.com' \
        -H 'priority: u=1, i' \
        -H 'referer: https://shop.example.com/cart' \
        -H 'sec-ch-ua: "Chromium";v="131", "Not_A Brand";v="24"' \
        -H 'sec-ch-ua-mobile: ?0' \
        -H 'sec-fetch-mode: cors' \
        -H 'user-agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36' \
        --data-raw $'{"note":"it\'s a \\"gift\\"\\nline 2","price":"$5"}'
      """#)
    #expect(echoed.method == "POST")
    #expect(echoed.environ["wsgi.url_scheme"] == "https")
    #expect(echoed.environ["HTTP_HOST"] == "shop.example.com")
    #expect(echoed.environ["SERVER_NAME"] == "shop.example.com")
    #expect(echoed.environ["SERVER_PORT"] == "443")
    #expect(echoed.environ["PATH_INFO"] == "/api/cart")
    #expect(echoed.environ["QUERY_STRING"] == "ref=nav&page=2")
    #expect(echoed.environ["HTTP_ACCEPT"] == "application/json, text/plain, */*")
    #expect(echoed.environ["CONTENT_TYPE"] == "application/json")
    #expect(echoed.environ["HTTP_COOKIE"] == "sessionid=abc123; csrftoken=XyZ9")
    #expect(echoed.environ["HTTP_SEC_CH_UA"] == #""Chromium";v="131", "Not_A Brand";v="24""#)
    #expect(echoed.environ["HTTP_USER_AGENT"]?.hasSuffix("Chrome/131.0.0.0 Safari/537.36") == true)
    #expect(echoed.body == "{\"note\":\"it's a \\\"gift\\\"\\nline 2\",\"price\":\"$5\"}")
    #expect(echoed.environ["CONTENT_LENGTH"] == String(echoed.body.utf8.count))
  }

  @Test("Firefox's Copy as cURL, on one line with -X and --data-raw, reaches the app as the browser sent it")
  func firefox() throws {
    let (echoed, _) = try echo(
      "curl 'http://localhost:8000/admin/login/?next=/admin/' -X POST -H 'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0' -H 'Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' -H 'Accept-Language: en-US,en;q=0.5' -H 'Accept-Encoding: gzip, deflate, br, zstd' -H 'Content-Type: application/x-www-form-urlencoded' -H 'Origin: http://localhost:8000' -H 'Connection: keep-alive' -H 'Referer: http://localhost:8000/admin/login/?next=/admin/' -H 'Cookie: csrftoken=T0k3n' -H 'Upgrade-Insecure-Requests: 1' -H 'Sec-Fetch-Dest: document' -H 'Priority: u=0, i' --data-raw 'csrfmiddlewaretoken=T0k3n&username=admin&password=p%40ss&next=%2Fadmin%2F'"
    )
    #expect(echoed.method == "POST")
    #expect(echoed.environ["HTTP_HOST"] == "localhost:8000")
    #expect(echoed.environ["SERVER_PORT"] == "8000")
    #expect(echoed.environ["SERVER_NAME"] == "localhost")
    #expect(echoed.environ["QUERY_STRING"] == "next=/admin/")
    #expect(echoed.environ["HTTP_COOKIE"] == "csrftoken=T0k3n")
    #expect(echoed.environ["HTTP_ACCEPT_ENCODING"] == "gzip, deflate, br, zstd")
    #expect(echoed.environ["CONTENT_TYPE"] == "application/x-www-form-urlencoded")
    #expect(echoed.environ["HTTP_PRIORITY"] == "u=0, i")
    #expect(echoed.body == "csrfmiddlewaretoken=T0k3n&username=admin&password=p%40ss&next=%2Fadmin%2F")
  }

  @Test("Safari's Copy as cURL, every value quoted and -X 'POST' with --data-binary, reaches the app as sent")
  func safari() throws {
    let (echoed, _) = try echo(
      #"""
      curl 'https://app.example.org/graphql' \
      -X 'POST' \
      -H 'Content-Type: application/json' \
      -H 'Accept: */*' \
      -H 'Sec-Fetch-Site: same-origin' \
      -H 'Accept-Language: en-GB,en;q=0.9' \
      -H 'Cookie: session=s%3Aabc; theme=dark' \
      -H 'User-Agent: Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15' \
      --data-binary '{"query":"{ me { id } }"}'
      """#)
    #expect(echoed.method == "POST")
    #expect(echoed.environ["HTTP_COOKIE"] == "session=s%3Aabc; theme=dark")
    #expect(echoed.environ["HTTP_ACCEPT"] == "*/*")
    #expect(echoed.environ["HTTP_SEC_FETCH_SITE"] == "same-origin")
    #expect(echoed.body == #"{"query":"{ me { id } }"}"#)
  }

  @Test(
    "each option shapes the request as curl's does",
    arguments: [
      ("curl -X PATCH http://h/x", ["REQUEST_METHOD": "PATCH"], nil),
      ("curl --request PURGE http://h/x", ["REQUEST_METHOD": "PURGE"], nil),
      ("curl -XDELETE http://h/x", ["REQUEST_METHOD": "DELETE"], nil),
      ("curl -H 'X-A: 1' --header 'X-B:  two ' http://h/", ["HTTP_X_A": "1", "HTTP_X_B": "two"], nil),
      ("curl -H 'Accept:' http://h/", ["HTTP_ACCEPT": nil], nil),
      ("curl http://h/", ["HTTP_ACCEPT": "*/*"], nil),
      ("curl -H 'X-Empty;' http://h/", ["HTTP_X_EMPTY": ""], nil),
      (
        "curl -d a=1 --data b=2 http://h/",
        ["REQUEST_METHOD": "POST", "CONTENT_TYPE": "application/x-www-form-urlencoded"], "a=1&b=2"
      ),
      ("curl -d @form.txt http://h/", [:], "a=1b=2"),
      ("curl --data-ascii @form.txt http://h/", [:], "a=1b=2"),
      ("curl --data-raw @form.txt http://h/", [:], "@form.txt"),
      ("curl --data-binary @form.txt http://h/", [:], "a=1\nb=2\n"),
      ("curl --data-binary $'x\\ty' http://h/", [:], "x\ty"),
      ("curl --data-urlencode 'q=a b&c' http://h/", [:], "q=a%20b%26c"),
      ("curl --data-urlencode '=x y' http://h/", [:], "x%20y"),
      ("curl --data-urlencode 'plain text' http://h/", [:], "plain%20text"),
      ("curl --data-urlencode 'f@form.txt' http://h/", [:], "f=a%3D1%0Ab%3D2%0A"),
      ("curl --data-urlencode @form.txt http://h/", [:], "a%3D1%0Ab%3D2%0A"),
      (
        "curl --json '{\"a\": 1}' http://h/",
        ["REQUEST_METHOD": "POST", "CONTENT_TYPE": "application/json", "HTTP_ACCEPT": "application/json"],
        "{\"a\": 1}"
      ),
      (
        "curl -G -d q=tea --data-urlencode 'n=a b' http://h/search?x=1",
        ["REQUEST_METHOD": "GET", "QUERY_STRING": "x=1&q=tea&n=a%20b", "CONTENT_LENGTH": nil], ""
      ),
      ("curl --get http://h/s -d q=1", ["QUERY_STRING": "q=1"], ""),
      ("curl -b 'a=1; b=2' http://h/", ["HTTP_COOKIE": "a=1; b=2"], nil),
      ("curl --cookie 'a=1' http://h/", ["HTTP_COOKIE": "a=1"], nil),
      ("curl -u alice:s3cret http://h/", ["HTTP_AUTHORIZATION": "Basic YWxpY2U6czNjcmV0"], nil),
      ("curl --user alice:s3cret http://h/", ["HTTP_AUTHORIZATION": "Basic YWxpY2U6czNjcmV0"], nil),
      ("curl http://alice:s3cret@h/", ["HTTP_AUTHORIZATION": "Basic YWxpY2U6czNjcmV0", "HTTP_HOST": "h"], nil),
      ("curl -A 'agent/1' http://h/", ["HTTP_USER_AGENT": "agent/1"], nil),
      ("curl --user-agent 'agent/2' http://h/", ["HTTP_USER_AGENT": "agent/2"], nil),
      ("curl -e http://from/ http://h/", ["HTTP_REFERER": "http://from/"], nil),
      ("curl --referer 'http://from/;auto' http://h/", ["HTTP_REFERER": "http://from/"], nil),
      ("curl --url 'http://h:81/p?q=1'", ["PATH_INFO": "/p", "QUERY_STRING": "q=1", "SERVER_PORT": "81"], nil),
      ("curl localhost:5000/x", ["HTTP_HOST": "localhost:5000", "wsgi.url_scheme": "http"], nil),
      ("curl --compressed http://h/", ["HTTP_ACCEPT_ENCODING": "deflate, gzip, br, zstd"], nil),
      ("curl -sSk --http2 --connect-timeout 5 -o out.txt -m 3 http://h/", ["REQUEST_METHOD": "GET"], nil),
      ("curl -H 'content-type: text/plain' -d x http://h/", ["CONTENT_TYPE": "text/plain"], "x"),
    ] as [(String, [String: String?], String?)])
  func option(line: String, environ: [String: String?], body: String?) throws {
    let (echoed, _) = try echo(line)
    for (key, value) in environ {
      #expect(echoed.environ[key] == value, "\(key) for \(line)")
    }
    if let body { #expect(echoed.body == body, "\(line)") }
  }

  @Test("-I and --head send HEAD")
  func head() throws {
    for line in ["curl -I http://h/", "curl --head http://h/"] {
      let events = try run("load echo\n" + line)
      #expect(events.dispatches.last?.request.method == "HEAD")
    }
  }

  @Test("-r and --range ask for byte ranges as curl does, with Range: bytes=")
  func range() throws {
    for (line, range) in [
      ("curl -r 0-9 http://h/packages/six.whl", "bytes=0-9"),
      ("curl --range 100- http://h/", "bytes=100-"), ("curl -r0-1,5-6 http://h/", "bytes=0-1,5-6"),
    ] {
      let (echoed, _) = try echo(line)
      #expect(echoed.environ["HTTP_RANGE"] == range, "\(line)")
    }
  }

  @Test("network-only options are accepted, each with a note")
  func networkNotes() throws {
    let (_, events) = try echo("curl -s -i --insecure -o /dev/null http://h/")
    let notes = events.compactMap { if case .message(let text) = $0 { text } else { nil } }
    #expect(notes.contains("curl: -i: gwsh always shows the response's status and headers"))
    #expect(notes.contains("curl: -s only matters on a network; gwsh ignores it"))
    #expect(notes.contains("curl: --insecure only matters on a network; gwsh ignores it"))
    #expect(notes.contains("curl: -o only matters on a network; gwsh ignores it"))
  }

  @Test("-F builds a multipart form as curl -F does: fields, @file uploads, <file contents, ;type= and ;filename=")
  func form() throws {
    let (echoed, _) = try echo(
      "curl -F name=tea -F 'doc=@data.bin;type=application/x-thing;filename=x.dat' -F 'text=<form.txt' -F 'up=@form.txt' http://h/up"
    )
    #expect(echoed.method == "POST")
    let type = try #require(echoed.environ["CONTENT_TYPE"])
    #expect(type.hasPrefix("multipart/form-data; boundary=------------------------"))
    let boundary = String(type.dropFirst("multipart/form-data; boundary=".count))
    let expected =
      "--\(boundary)\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\ntea\r\n"
      + "--\(boundary)\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"x.dat\"\r\nContent-Type: application/x-thing\r\n\r\n\u{0}\u{1}\u{FFFD}\n\r\r\n"
      + "--\(boundary)\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\na=1\nb=2\n\r\n"
      + "--\(boundary)\r\nContent-Disposition: form-data; name=\"up\"; filename=\"form.txt\"\r\nContent-Type: text/plain\r\n\r\na=1\nb=2\n\r\n"
      + "--\(boundary)--\r\n"
    var bytes = Array(expected.utf8)
    // The upload's bytes as they are: 0xFF is no UTF-8, so the expected text held a stand-in for it.
    bytes.replaceSubrange(bytes.firstRange(of: Array("\u{FFFD}".utf8))!, with: [0xFF])
    #expect(echoed.bytes == bytes)
    #expect(echoed.environ["CONTENT_LENGTH"] == String(bytes.count))
  }

  @Test("the curl request is sent alone: the draft is neither applied nor changed, the jar adds nothing")
  func draftUntouched() throws {
    let engine = SessionEngine()
    _ = try run("load demo\nbody user=ada\nPOST /login", engine: engine)
    let (echoed, _) = try echo(
      "header X-Draft: yes\nbody draft\nheader Content-Type: text/plain\ncurl -H 'X-Curl: 1' http://h/c", engine: engine
    )
    #expect(echoed.environ["HTTP_X_DRAFT"] == nil)
    #expect(echoed.environ["HTTP_X_CURL"] == "1")
    #expect(echoed.environ["HTTP_COOKIE"] == nil)
    #expect(echoed.body == "")
    let after = try Echoed(try run("POST /after", engine: engine))
    #expect(after.environ["HTTP_X_DRAFT"] == "yes")
    #expect(after.environ["HTTP_X_CURL"] == nil)
    #expect(after.body == "draft")
  }

  @Test("a saved session keeps a continued curl command as typed, and replays green")
  func savedAndReplayed() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let engine = SessionEngine()
    let events = try run(
      "load echo\ncurl http://h/a \\\n  -H $'X-A: it\\'s' \\\n  -d x=1\nsend\nsave \(directory)/s.gws", engine: engine)
    #expect(events.errors.isEmpty, "\(events.errors)")
    let saved = try String(contentsOfFile: directory + "/s.gws", encoding: .utf8)
    #expect(saved.contains("\ncurl http://h/a \\\n  -H $'X-A: it\\'s' \\\n  -d x=1\n"), "\(saved)")
    var printed: [String] = []
    let report = SessionRunner().run([directory + "/s.gws"]) { printed.append($0) }
    #expect(report.exitCode == 0, "\(printed)")
  }

  @Test("-L follows redirects for that request alone")
  func location() throws {
    let engine = SessionEngine()
    let events = try run("load demo\ncurl -L http://h/old-items\nGET /old-items", engine: engine)
    #expect(events.dispatches.map(\.exchange.statusCode) == [301, 200, 301])
  }

  @Test(
    "a bad curl command is an error naming what is wrong and its column",
    arguments: [
      ("curl --frobnicate http://h/", "found '--frobnicate'", 6),
      ("curl -Z http://h/", "found '-Z'", 6),
      ("curl http://h/ -b cookies.txt", "gwsh reads no cookie files", 16),
      ("curl http://h/ | jq .", "found '|'", 16),
      ("curl http://h/ -H $HOME", "gwsh expands no shell variables", 19),
      ("curl 'http://h/", "a closing ' for the quote", 6),
      ("curl ftp://h/", "an http:// or https:// URL", 6),
      ("curl -X", "a value after -X", 6),
      ("curl -u alice http://h/", "USER:PASSWORD", 6),
      ("curl http://h/a http://h/b", "one URL", 17),
    ])
  func errors(line: String, message: String, column: Int) throws {
    do {
      _ = try SessionParser.parse(line)
      Issue.record("\(line) parsed")
    } catch {
      #expect(error.message.contains(message), "\(error.message)")
      #expect(error.context.location.column == column, "\(line)")
    }
  }

  @Test("a quote left open lines after the command began is an error where it opened, not a crash")
  func quoteOpenOverLines() throws {
    // The first quote closes on the next line; the second never does.
    let text = "load echo\ncurl 'http://h/a \\\n  -H 'X-A: 0'\ncurl --bogus http://h\n"
    do {
      _ = try SessionParser.parse(text)
      Issue.record("parsed")
    } catch {
      #expect(error.message.contains("a closing ' for the quote"), "\(error.message)")
      #expect(error.context.location.line == 3)
      #expect(error.context.location.column == 13)
    }
  }

  @Test("a command continued over lines is one statement; an error on a later line names that line")
  func continuation() throws {
    let statements = try SessionParser.parse("curl http://h/a \\\n  -H 'X: 1' \\\n  -d x\nGET /b")
    #expect(statements.count == 2)
    #expect(statements[1].location.line == 4)
    #expect(statements[0].text == "curl http://h/a \\\n  -H 'X: 1' \\\n  -d x")
    #expect(SessionParser.continuesOnNextLine("curl http://h/ \\"))
    #expect(SessionParser.continuesOnNextLine("curl http://h/ -d 'a"))
    #expect(!SessionParser.continuesOnNextLine("curl http://h/"))
    #expect(!SessionParser.continuesOnNextLine("body a \\"))
    do {
      _ = try SessionParser.parse("load echo\ncurl http://h/ \\\n  --nope")
      Issue.record("parsed")
    } catch {
      #expect(error.context.location.line == 3)
      #expect(error.context.location.column == 3)
    }
  }
}
