import Testing

extension PseudoTerminalTests {
  @Test("at the prompt a gzip body that streams slowly is shown decoded once it arrived, not as coded bytes")
  func slowGzipBodyIsShownDecoded() throws {
    let terminal = try PseudoTerminal()
    try terminal.install(
      "slowgzip.py",
      """
      import time, zlib

      def app(environ, start_response):
          start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Encoding", "gzip")])
          packer = zlib.compressobj(9, zlib.DEFLATED, 31)
          for n in range(3):
              yield packer.compress(b"tick %d\\n" % n) + packer.flush(zlib.Z_SYNC_FLUSH)
              time.sleep(0.3)
          yield packer.flush()
      """)
    let transcript = try terminal.run(
      arguments: ["python:slowgzip:app"],
      [.wait("slowgzip> "), .line("GET /"), .wait("decoded from gzip"), .wait("slowgzip> "), .key("ctrl-d"), .exit])
    #expect(transcript.failure == nil, "\(transcript.text)")
    #expect(transcript.text.contains("tick 0\r\ntick 1\r\ntick 2"))
    #expect(!transcript.text.contains("\\x1f\\x8b"), "no coded bytes printed as they streamed")
  }
}
