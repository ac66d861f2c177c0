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

  @Test(
    "non-ASCII an app sends back in a cookie, a redirect's Location or a captured header reaches it again as the same bytes, not encoded twice"
  )
  func bytesComeBackUnchanged() throws {
    // The app sets its headers as a real server sends them (UTF-8 bytes, read as latin-1) and answers with
    // the bytes it received, in hex.
    let module = #"""
      def application(environ, start_response):
          path = environ["PATH_INFO"]
          if path == "/set":
              start_response("302 Found", [("Content-Type", "text/plain"),
                  ("Set-Cookie", "who=caf\xc3\xa9; Path=/"), ("Location", "/caf\xc3\xa9"), ("X-Name", "caf\xc3\xa9")])
              return [b""]
          seen = "path=%s cookie=%s name=%s" % (path.encode("latin-1").hex(),
              environ.get("HTTP_COOKIE", "").encode("latin-1").hex(), environ.get("HTTP_X_NAME", "").encode("latin-1").hex())
          start_response("200 OK", [("Content-Type", "text/plain")])
          return [seen.encode()]
      """#
    let result = try run(
      "load python:back:application\nGET /set\ncapture name header X-Name\nheader X-Name: {{name}}\nfollow on\n"
        + "GET /set\n",
      files: ["back.py": module])
    // café is 63 61 66 c3 a9: once, not as c3 83 c2 a9.
    #expect(result.output.contains("path=2f636166c3a9 cookie=77686f3d636166c3a9"), "\(result.output)")
    #expect(result.output.contains("name=636166c3a9"), "\(result.output)")
    #expect(!result.output.contains("c383c2a9"))
  }

  @Test("the demo's login with a non-ASCII name knows the name again from its cookie")
  func demoLoginKeepsTheName() throws {
    let result = try run(
      "header Content-Type: application/x-www-form-urlencoded\nbody user=caf%C3%A9&password=tea\nPOST /login\n"
        + "reset\nGET /me\nexpect json $.user == \"café\"\n")
    #expect(result.status == 0, "\(result.output)")
    // The cookie's bytes are shown as the text they are, as a terminal shows them behind curl.
    #expect(result.output.contains("Set-Cookie: session=café; Path=/; HttpOnly"))
    #expect(!result.output.contains("cafÃ©"))
  }

  @Test(
    "a header value past ASCII, from a CGI program or a Python app, is shown, checked and saved as the text its bytes are, and the saved file replays"
  )
  func nonASCIIHeaderValues() throws {
    // The CGI program sends café in UTF-8 and été in latin-1 bytes (not UTF-8); the Python app sends
    // café as a server would give it to a client (its UTF-8 bytes, each a latin-1 code point).
    let files = [
      "name.cgi": "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\nX-Name: caf\\303\\251\\r\\n'\n"
        + "printf 'X-Raw: \\351t\\351\\r\\n\\r\\nok\\n'\n",
      "names.py": #"""
      def application(environ, start_response):
          start_response("200 OK", [("Content-Type", "text/plain"), ("X-Name", "caf\xc3\xa9")])
          return [b"ok\n"]
      """#,
    ]
    let session = try run(
      "load cgi:name.cgi\nGET /\nexpect header X-Name: café\nexpect header X-Raw ~ ^.t.$\n"
        + "load python:names:application\nGET /\nexpect header X-Name: café\nsave saved.gws\n",
      files: files, executable: true)
    #expect(session.status == 0, "\(session.output)")
    #expect(session.output.contains("X-Name: café"))
    #expect(!session.output.contains("Ã"))
    // A CGI program sends bytes: there is no code point past U+00FF for the validator to find.
    #expect(!session.output.contains("header.latin-1"), "\(session.output)")
    let saved = try String(contentsOfFile: session.folder + "/saved.gws", encoding: .utf8)
    // The two typed, and the two each response recorded.
    #expect(saved.components(separatedBy: "expect header X-Name: café\n").count == 5, "\(saved)")
    // été in latin-1 is not UTF-8: its bytes are recorded as the prompt shows them.
    #expect(saved.contains("expect header X-Raw: \\xe9t\\xe9\n"), "\(saved)")
    #expect(!saved.contains("Ã"), "\(saved)")

    var again = files
    again["saved.gws"] = saved
    let replay = try run("", arguments: ["run", "saved.gws"], files: again, executable: true)
    #expect(replay.status == 0, "\(replay.output)")
  }

  /// A CGI program and a Python app that send header bytes that are not UTF-8 (latin-1 `é`, `E9`) on
  /// `/set`, and answer any other request with the bytes it arrived with, in hex.
  static let latin1Apps: [String: (spec: String, files: [String: String])] = [
    "cgi": (
      "cgi:latin1.cgi",
      [
        "latin1.cgi": #"""
        #!/bin/sh
        hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }
        if [ "$PATH_INFO" = /set ]; then
          printf 'Status: 302 Found\r\nContent-Type: text/plain\r\nSet-Cookie: who=caf\351; Path=/\r\n'
          printf 'Location: /caf\351\r\nX-Name: \351t\351\r\n\r\n'
        else
          printf 'Content-Type: text/plain\r\n\r\n'
          echo "path=$(hex "$PATH_INFO") cookie=$(hex "$HTTP_COOKIE") name=$(hex "$HTTP_X_NAME")"
        fi
        """#
      ]
    ),
    "python": (
      "python:latin1:application",
      [
        "latin1.py": #"""
        def application(environ, start_response):
            path = environ["PATH_INFO"]
            if path == "/set":
                start_response("302 Found", [("Content-Type", "text/plain"), ("Set-Cookie", "who=caf\xe9; Path=/"),
                    ("Location", "/caf\xe9"), ("X-Name", "\xe9t\xe9")])
                return [b""]
            def hex(key):
                return environ.get(key, "").encode("latin-1").hex()
            seen = "path=%s cookie=%s name=%s\n" % (hex("PATH_INFO"), hex("HTTP_COOKIE"), hex("HTTP_X_NAME"))
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [seen.encode()]
        """#
      ]
    ),
  ]

  @Test(
    "header bytes that are not UTF-8 show as \\xe9, come back in a cookie, a redirect and a capture as the same bytes, and replay",
    arguments: ["cgi", "python"])
  func latin1BytesRoundTrip(kind: String) throws {
    let (spec, files) = try #require(Self.latin1Apps[kind])
    let result = try run(
      "load \(spec)\nGET /set\nexpect header X-Name: \\xe9t\\xe9\ncapture name header X-Name\n"
        + "header X-Name: {{name}}\nfollow on\nGET /set\nsave saved.gws\n",
      files: files, executable: true)
    #expect(result.status == 0, "\(result.output)")
    // Shown as a body's bytes are, never as latin-1 text.
    #expect(result.output.contains("Set-Cookie: who=caf\\xe9; Path=/\n"), "\(result.output)")
    #expect(result.output.contains("Location: /caf\\xe9\n"))
    #expect(result.output.contains("X-Name: \\xe9t\\xe9\n"))
    #expect(result.output.contains("→ followed the redirect: /caf\\xe9"), "\(result.output)")
    #expect(!result.output.contains("é"), "\(result.output)")
    // The byte e9 as it was sent, not its UTF-8 c3 a9: the path, the cookie and the captured header.
    #expect(result.output.contains("path=2f636166e9 cookie=77686f3d636166e9 name=e974e9"), "\(result.output)")
    #expect(!result.output.contains("c3a9"))
    let saved = try String(contentsOfFile: result.folder + "/saved.gws", encoding: .utf8)
    #expect(saved.contains("expect header Set-Cookie: who=caf\\xe9; Path=/\n"), "\(saved)")
    #expect(saved.contains("expect header Location: /caf\\xe9\n"), "\(saved)")
    var again = files
    again["saved.gws"] = saved
    let replay = try run("", arguments: ["run", "saved.gws"], files: again, executable: true)
    #expect(replay.status == 0, "\(replay.output)")
  }
}
