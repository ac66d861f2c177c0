import Testing

/// A body sent with `Content-Encoding: gzip`, `deflate` or `br`, from a real Python WSGI app that codes
/// it with Python's own gzip, zlib and brotli modules, shown through the real binary in pipe mode.
extension PipedInputTests {
  static let codedApp = """
    import gzip, json, zlib
    import brotli

    DOC = json.dumps({"items": [{"id": i, "name": "item %d" % i} for i in range(3)], "ok": True}).encode()

    def app(environ, start_response):
        path = environ["PATH_INFO"]
        kind = "application/json"
        if path == "/gzip":
            body, coding = gzip.compress(DOC), "gzip"
        elif path == "/deflate":
            body, coding = zlib.compress(DOC), "deflate"
        elif path == "/rawdeflate":
            packer = zlib.compressobj(wbits=-15)
            body, coding = packer.compress(DOC) + packer.flush(), "deflate"
        elif path == "/br":
            body, coding = brotli.compress(DOC), "br"
        elif path == "/bomb":
            body, coding, kind = gzip.compress(b"boom\\n" * (4 << 20)), "gzip", "text/plain"
        elif path == "/twice":
            body, coding = gzip.compress(gzip.compress(DOC)), "gzip, gzip"
        elif path == "/stacked":
            body, coding = brotli.compress(gzip.compress(DOC)), "gzip, br"
        elif path == "/stackcut":
            body, coding = brotli.compress(gzip.compress(DOC)[:-20]), "gzip,br"
        elif path == "/cut":
            body, coding = gzip.compress(DOC)[:-20], "gzip"
        else:
            body, coding = DOC, "identity"
        start_response("200 OK", [("Content-Type", kind), ("Content-Encoding", coding)])
        return [body]
    """

  func runCoded(_ commands: String, arguments: [String] = []) throws -> (output: String, status: Int32) {
    let result = try run(
      commands, arguments: arguments + ["python:codedapp:app"], files: ["codedapp.py": Self.codedApp])
    return (result.output, result.status)
  }

  @Test(
    "gzip, zlib deflate, raw deflate and br bodies are shown decoded, saying so in one line",
    arguments: [("gzip", "gzip"), ("deflate", "deflate"), ("rawdeflate", "deflate"), ("br", "br")])
  func codedBodiesAreShownDecoded(path: String, coding: String) throws {
    let result = try runCoded("GET /\(path)\n")
    #expect(result.output.contains("Content-Encoding: \(coding)"))
    #expect(result.output.contains("\"name\": \"item 1\""), "pretty-printed from the decoded JSON")
    #expect(result.output.contains("decoded from \(coding): "))
    #expect(result.output.contains(" on the wire, 110 B decoded — 'show response --raw' shows the bytes as sent"))
    #expect(result.status == 0)
  }

  @Test(
    "codings stacked are undone last first, and one applied twice is pointed out",
    arguments: [("twice", "gzip, gzip (compressed more than once)"), ("stacked", "gzip, br")])
  func stackedCodingsAreShownDecoded(path: String, note: String) throws {
    let result = try runCoded("GET /\(path)\nexpect json $.items[1].name == \"item 1\"\n")
    #expect(result.output.contains("\"name\": \"item 1\""), "pretty-printed from the decoded JSON")
    #expect(result.output.contains("decoded from \(note): "))
    #expect(result.output.contains(" on the wire, 110 B decoded"))
    #expect(result.status == 0)
  }

  @Test("a stacked coding that breaks inside says which decoded stream it broke in")
  func stackedCutSaysWhere() throws {
    let result = try runCoded("GET /stackcut\n")
    #expect(result.output.contains("corrupt gzip stream at byte "))
    #expect(result.output.contains("of the body decoded from br: the stream ends early"))
  }

  @Test("show response --raw prints the bytes as sent, a hex dump; --full the decoded body")
  func rawShowsTheBytesAsSent() throws {
    let result = try runCoded("GET /gzip\nshow response --raw\nshow response --full\n")
    #expect(result.output.contains("00000000  1f 8b 08 00"), "the gzip magic, as sent")
    #expect(result.output.components(separatedBy: "\"name\": \"item 2\"").count == 3, "the first render and --full")
    #expect(result.status == 0)
  }

  @Test("expect json, expect body and capture read the decoded body")
  func expectationsReadTheDecodedBody() throws {
    let result = try runCoded(
      """
      GET /br
      expect json $.items[1].name == "item 1"
      expect json $.ok == true
      expect body ~ "ok": true
      capture second json $.items[2].name
      GET /gzip
      expect json $.items[*] count == 3

      """)
    #expect(result.output.contains("✓ expect json $.items[1].name == \"item 1\""))
    #expect(result.output.contains("✓ expect body ~ \"ok\": true"))
    #expect(result.output.contains("second = item 2"))
    #expect(result.output.contains("✓ expect json $.items[*] count == 3"))
    #expect(result.status == 0)
  }

  @Test("a body that decodes past --max-body stops there, saying so")
  func decompressionBombStopsAtTheLimit() throws {
    let result = try runCoded("GET /bomb\n", arguments: ["--max-body", "1M"])
    #expect(result.output.contains("boom\nboom\n"))
    #expect(result.output.contains("KB on the wire, more than 1.0 MB decoded"))
    #expect(result.output.contains("stopped decoding: the body expands past 1048576 bytes (1 MiB) (--max-body)"))
  }

  @Test("a stream cut short shows what decoded and says where it broke")
  func corruptStreamSaysWhereItBroke() throws {
    let result = try runCoded("GET /cut\n")
    #expect(result.output.contains("\"items\""), "the decoded start")
    #expect(result.output.contains("corrupt gzip stream at byte 60 of the body as sent: the stream ends early"))
  }
}

extension PipedInputTests {
  @Test("save records the decoded body, so the session replays green though the gzip bytes change every second")
  func savedCodedBodyReplays() throws {
    let result = try runCoded("GET /gzip\nsave coded.gws\nsource coded.gws\n")
    #expect(result.output.contains("✓ expect header Content-Encoding: gzip"))
    #expect(result.output.contains("✓ expect body chomp <<END"))
    #expect(!result.output.contains("✗"))
    #expect(result.status == 0)
  }
}

extension PipedInputTests {
  @Test("gwsh run checks a coded body larger than the memory head whole, decoded from its spill")
  func runDecodesALargeBodyFromItsSpill() throws {
    let app = """
      import base64, gzip, os

      def app(environ, start_response):
          noise = os.urandom(1500000)
          body = gzip.compress(base64.b64encode(noise) + b"\\nTHE END\\n", compresslevel=1)
          start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Encoding", "gzip")])
          return [body]
      """
    let session = "load python:bigcoded:app\nGET /\nexpect body size 2000009\n"
    let result = try run(
      "", arguments: ["run", "big.gws"], files: ["bigcoded.py": app, "big.gws": session])
    #expect(result.output.contains("1 passed"), "\(result.output)")
    #expect(result.status == 0)
  }
}
