import AppLoaders
import Gateway
import Glibc
import TestSupport
import Testing

/// For apps covering the corners of PEP 3333, gwsh's status, headers, body and
/// errors equal what wsgiref's BaseCGIHandler produces for the same environ.
@Suite("WSGI differential against wsgiref")
struct WSGIDifferentialTests {
  static let corners = """
    import sys

    def plain(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain"), ("X-Two", "a"), ("X-Two", "b")])
        return [b"hello ", b"world"]

    def generator(environ, start_response):
        start_response("201 Created", [("Content-Type", "text/plain")])
        for n in range(3):
            yield b"chunk %d\\n" % n

    def legacy_write(environ, start_response):
        write = start_response("200 OK", [("Content-Type", "text/plain")])
        write(b"written ")
        return [b"then yielded"]

    def empty(environ, start_response):
        start_response("204 No Content", [])
        return []

    def echo_input(environ, start_response):
        stream = environ["wsgi.input"]
        first = stream.readline()
        rest = stream.readlines()
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"first=%r rest=%r" % (first, rest)]

    def read_sized(environ, start_response):
        stream = environ["wsgi.input"]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        parts = []
        while length > 0:
            part = stream.read(min(3, length))
            parts.append(part)
            length -= len(part)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"|".join(parts)]

    def environ_view(environ, start_response):
        keys = ["REQUEST_METHOD", "PATH_INFO", "QUERY_STRING", "CONTENT_TYPE", "CONTENT_LENGTH", "HTTP_X_CUSTOM",
                "SCRIPT_NAME", "SERVER_PROTOCOL"]
        lines = ["%s=%r" % (key, environ.get(key)) for key in keys]
        lines.append("version=%r scheme=%r" % (environ["wsgi.version"], environ["wsgi.url_scheme"]))
        start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
        return ["\\n".join(lines).encode("utf-8")]

    def logs(environ, start_response):
        errors = environ["wsgi.errors"]
        errors.write("one line\\n")
        errors.writelines(["two ", "parts\\n"])
        errors.flush()
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"logged"]

    def replaced(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/html")])
        try:
            raise ValueError("render failed")
        except ValueError:
            start_response("503 Service Unavailable", [("Content-Type", "text/plain")], sys.exc_info())
        return [b"try later"]

    def raises_first(environ, start_response):
        raise RuntimeError("before anything")

    def raises_in_body(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        yield b"first part"
        raise RuntimeError("midway")

    def raises_before_chunk(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        raise RuntimeError("no body")
        yield b""

    class Closing:
        def __init__(self, errors):
            self.errors = errors
        def __iter__(self):
            return iter([b"a", b"b"])
        def close(self):
            self.errors.write("closed\\n")

    def with_close(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return Closing(environ["wsgi.errors"])

    def lazy_start(environ, start_response):
        def body():
            start_response("200 OK", [("Content-Type", "text/plain")])
            yield b"started inside the iterable"
        return body()

    def str_chunk(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return ["text"]

    def bytes_iterable(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return b"ab"

    def twice(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"never"]

    def twice_caught(environ, start_response):
        write = start_response("200 OK", [("Content-Type", "text/plain")])
        try:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
        except AssertionError as error:
            environ["wsgi.errors"].write("caught: %s\\n" % error)
        write(b"still the first response")
        return []

    def late_exc_info(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        yield b"sent"
        try:
            raise KeyError("late")
        except KeyError:
            start_response("500 Internal Server Error", [("Content-Type", "text/plain")], sys.exc_info())
        yield b"never"

    def int_status(environ, start_response):
        start_response(404, [("Content-Type", "text/plain")])
        return [b"never"]

    def bytes_to_errors(environ, start_response):
        environ["wsgi.errors"].write(b"raw")
        return []
    """

  /// Runs each case through wsgiref's BaseCGIHandler with the environ gwsh built,
  /// and prints status, headers, body and errors in the same form as ``render(_:)``.
  ///
  /// Two server habits are switched off, because gwsh shows what the app sent
  /// rather than framing it: wsgiref adds Content-Length to a one-chunk or empty
  /// body of the app (it keeps it on its own error page, as gwsh does).
  ///
  /// One corner is left out on purpose: when the iterable's close() raises,
  /// wsgiref forgets that the headers went out and appends a second, 500
  /// response to the finished body; gwsh keeps the body and reports
  /// `app.close-failed`.
  static let reference = """
    import io, sys
    from wsgiref.handlers import BaseCGIHandler
    import corners
    from cases import CASES

    class Handler(BaseCGIHandler):
        os_environ = {}
        def cleanup_headers(self):
            if self.status == self.error_status:
                super().cleanup_headers()
        def finish_content(self):
            if not self.headers_sent:
                self.send_headers()

    for name, environ, body in CASES:
        out = io.BytesIO()
        err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="")
        handler = Handler(io.BytesIO(body), out, err, environ, multithread=False, multiprocess=False)
        handler.run(getattr(corners, name))
        err.flush()
        raw = out.getvalue()
        head, _, payload = raw.partition(b"\\r\\n\\r\\n")
        lines = head.decode("latin-1").split("\\r\\n") if head else []
        print("=== " + name)
        for line in lines:
            print(line.replace("Status: ", "status ", 1) if line.startswith("Status: ") else "header " + line)
        print("body " + payload.hex())
        print("errors " + err.buffer.getvalue().decode("utf-8").encode("unicode_escape").decode("ascii"))
    """

  static let cases: [(app: String, method: String, target: String, headers: [HeaderField], body: String)] = [
    ("plain", "GET", "/", [], ""),
    ("generator", "GET", "/gen", [], ""),
    ("legacy_write", "GET", "/", [], ""),
    ("empty", "DELETE", "/item/1", [], ""),
    ("echo_input", "POST", "/upload", [HeaderField("Content-Type", "text/plain")], "line one\nline two\nlast"),
    ("read_sized", "PUT", "/", [HeaderField("Content-Type", "application/octet-stream")], "abcdefgh"),
    (
      "environ_view", "POST", "/path/é?q=1&r=%20",
      [HeaderField("X-Custom", "yes"), HeaderField("Content-Type", "application/json")], "{}"
    ),
    ("logs", "GET", "/", [], ""),
    ("replaced", "GET", "/", [], ""),
    ("raises_first", "GET", "/", [], ""),
    ("raises_in_body", "GET", "/", [], ""),
    ("raises_before_chunk", "GET", "/", [], ""),
    ("with_close", "GET", "/", [], ""),
    ("lazy_start", "GET", "/", [], ""),
    ("str_chunk", "GET", "/", [], ""),
    ("bytes_iterable", "GET", "/", [], ""),
    ("twice", "GET", "/", [], ""),
    ("twice_caught", "GET", "/", [], ""),
    ("late_exc_info", "GET", "/", [], ""),
    ("int_status", "GET", "/", [], ""),
    ("bytes_to_errors", "GET", "/", [], ""),
  ]

  @Test("status, headers, body and errors equal wsgiref's for every corner app")
  func differential() throws {
    let directory = TemporaryFolder(prefix: "gwsh-loaders")
    defer { directory.remove() }
    directory.write("corners.py", Self.corners)
    directory.write("reference.py", Self.reference)
    let loader = AppLoader(options: LoadOptions(workingDirectory: directory.path))
    var ours: [String: String] = [:]
    var python = "CASES = [\n"
    for (app, method, target, headers, body) in Self.cases {
      let loaded = try loader.load(.python(module: "corners", callable: app))
      defer { loaded.shutdown() }
      let exchange = dispatch(loaded, method: method, target: target, headers: headers, body: .bytes(Array(body.utf8)))
      ours[app] = Self.render(exchange)
      let environ = exchange.environ.stringEntries.map {
        "\(Self.pythonString($0.key)): \(Self.pythonString($0.value))"
      }
      python +=
        "  (\(Self.pythonString(app)), {\(environ.joined(separator: ", "))}, \(Self.pythonString(body)).encode()),\n"
    }
    directory.write("cases.py", python + "]\n")
    let result = run(["python3", "reference.py"], directory: directory.path)
    #expect(result.status == 0)
    let blocks = String(decoding: result.output, as: UTF8.self).split(separator: "=== ").map(String.init)
    #expect(blocks.count == Self.cases.count)
    for block in blocks {
      let name = String(block.prefix { $0 != "\n" })
      let theirs = String(block.dropFirst(name.count + 1))
      #expect(ours[name] == Self.normalized(theirs), "app \(name)")
    }
  }

  /// The exchange in the reference script's form.
  static func render(_ exchange: Exchange) -> String {
    var text = exchange.status.map { "status \($0)\n" } ?? ""
    for header in exchange.headers { text += "header \(header.name): \(header.value)\n" }
    text += "body " + exchange.body.head.map { String($0, radix: 16).leftPadded }.joined() + "\n"
    text += "errors " + escaped(String(decoding: exchange.errors.head, as: UTF8.self)) + "\n"
    return normalized(text)
  }

  /// Keeps each traceback's exception line and drops the frames and gwsh's own
  /// log line: the frames differ between a worker and wsgiref, and gwsh shows the
  /// exception first, then the frames innermost first.
  static func normalized(_ text: String) -> String {
    var lines: [Substring] = []
    var inFrames = false
    for line in text.split(separator: "\\n", omittingEmptySubsequences: false) {
      if line.hasSuffix("Traceback (most recent call first):") {
        if let last = lines.popLast() {
          // The exception line: the last line of what came before (the lines of the report are real newlines).
          let start = last.lastIndex(of: "\n").map { last.index(after: $0) } ?? last.startIndex
          let line = last[start...]
          let raised = line.hasPrefix("errors ") ? "errors raised " + line.dropFirst(7) : "raised " + line
          lines.append(last[..<start] + raised)
        }
        inFrames = true
      } else if inFrames, line.hasPrefix(" ") {
        continue
      } else {
        inFrames = false
        lines.append(line)
      }
    }
    return lines.joined(separator: "\\n").replacingEvery("Traceback (most recent call last):\\n", with: "\u{1}")
      .split(separator: "\u{1}", omittingEmptySubsequences: false).enumerated()
      .map { index, part in
        guard index > 0 else { return String(part) }
        // Frames are indented lines; the exception line is the first that is not.
        let lines = part.split(separator: "\\n", omittingEmptySubsequences: false)
        let rest = lines.drop { $0.hasPrefix(" ") }
        return "raised " + rest.joined(separator: "\\n")
      }
      .joined()
      .split(separator: "\\n", omittingEmptySubsequences: false)
      .filter { !$0.hasPrefix("gwsh: the application raised") && !$0.hasPrefix("gwsh: close() raised") }
      .joined(separator: "\\n")
  }

  static func escaped(_ text: String) -> String {
    text.unicodeScalars.map { scalar -> String in
      switch scalar {
      case "\n": return "\\n"
      case "\t": return "\\t"
      case "\r": return "\\r"
      case "\\": return "\\\\"
      default: return String(scalar)
      }
    }.joined()
  }

  /// A Python expression for `text`: its UTF-8 bytes in hex, decoded.
  static func pythonString(_ text: String) -> String {
    "bytes.fromhex('\(text.utf8.map { String($0, radix: 16).leftPadded }.joined())').decode()"
  }
}

extension String {
  var leftPadded: String { count == 1 ? "0" + self : self }

  func replacingEvery(_ target: String, with replacement: String) -> String {
    var result = ""
    var rest = Substring(self)
    while let range = rest.firstRange(of: target) {
      result += rest[..<range.lowerBound] + replacement
      rest = rest[range.upperBound...]
    }
    return result + rest
  }
}
