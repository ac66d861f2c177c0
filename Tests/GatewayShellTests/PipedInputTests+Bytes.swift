import Foundation
import Testing

/// Non-ASCII text and what an app sends that could pass for an escape, end to end through `gwsh < commands`.
extension PipedInputTests {
  @Test("text typed in a header, a path and a query reaches the echo app as its UTF-8 bytes, and show env says so")
  func echoGetsBytes() throws {
    let result = try run("load echo\nheader X-In: café\nGET /caf%C3%A9?q=café&p=€5\nshow env\n")
    // The echo app writes its JSON as Python's json.dumps does: each byte past ASCII as an escape.
    #expect(result.output.contains(#""HTTP_X_IN": "caf\u00c3\u00a9""#))
    #expect(result.output.contains(#""QUERY_STRING": "q=caf\u00c3\u00a9&p=\u00e2\u0082\u00ac5""#))
    #expect(result.output.contains(#""PATH_INFO": "/caf\u00c3\u00a9""#))
    #expect(!result.output.contains("environ.latin-1"))
    #expect(result.output.contains(#"HTTP_X_IN          café  (the app gets 'caf\xc3\xa9')"#))
    #expect(result.status == 0)
  }

  @Test("a CGI program's body shows a bidi override as a code point and an app's backslashes doubled")
  func cgiBodyEscapes() throws {
    let script = """
      #!/bin/sh
      printf 'Content-Type: text/plain\\r\\n\\r\\n'
      printf 'abc\\342\\200\\256def\\n'
      printf 'typed \\\\x1b, real \\033[2J\\n'
      """
    let result = try run("load cgi:show.sh\nGET /\n", files: ["show.sh": script], executable: true)
    #expect(result.output.contains("abc\\u{202e}def\n"))
    #expect(result.output.contains("typed \\\\x1b, real \\x1b[2J\n"))
    #expect(!result.output.contains("\u{1b}"))
    #expect(!result.output.contains("\u{202e}"))
  }

  @Test("a Python app's lone surrogate and backslashes in a header show escaped, each distinct")
  func pythonHeaderEscapes() throws {
    let module = #"""
      def application(environ, start_response):
          start_response("200 OK", [("Content-Type", "text/plain"), ("X-Odd", "a\ud800b"), ("X-Back", "\\x1b\x1b")])
          return [b"ok\n"]
      """#
    let result = try run("load python:odd:application\nGET /\n", files: ["odd.py": module])
    #expect(result.output.contains("X-Odd: a\\u{d800}b\n"), "\(result.output)")
    #expect(result.output.contains("X-Back: \\\\x1b\\x1b\n"))
    #expect(!result.output.contains("\u{FFFD}"))
    #expect(result.output.contains(#"The value of X-Odd holds code points past U+00FF: 'a\u{d800}b'"#))
  }
}
