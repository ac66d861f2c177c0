import Testing

@Suite("A curl command at the prompt", .serialized)
struct CurlPromptTests {
  @Test("a pasted command's continuation lines are read as one command and sent once, the draft untouched")
  func continuationLines() throws {
    let terminal = try PseudoTerminal()
    let transcript = try terminal.run([
      .wait("demo> "), .line("load echo"), .wait("echo> "), .line("header X-Draft: yes"), .wait("echo> "),
      .line("curl 'http://localhost:8000/api/items?x=1' \\"), .wait("… "), .line("  -H 'X-From: pty' \\"),
      .wait("… "), .line("  --data-raw $'a\\'b'"), .wait(#""body_length": 3"#), .wait("echo> "),
      .key("ctrl-d"), .exit,
    ])
    #expect(transcript.failure == nil, "\(transcript.text)")
    #expect(transcript.text.contains(#""HTTP_X_FROM": "pty""#))
    #expect(transcript.text.contains(#""body": "a'b""#))
    #expect(!transcript.text.contains("HTTP_X_DRAFT"))
    #expect(!transcript.text.contains("unknown command"))
  }
}
