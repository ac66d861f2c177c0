import Foundation
import Testing

/// pdb's output as it comes, cut after its head.
extension PseudoTerminalDebuggingTests {
  static let stopsThere = """
    import time

    def application(environ, start_response):
        secret = "forty-two"
        breakpoint()
        if environ["QUERY_STRING"] == "slow":
            time.sleep(30)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"answered " + secret.encode()]
    """

  @Test("a 50 MB p at (Pdb) shows its head, says what was left out, and the prompt comes back")
  func longOutputIsCut() throws {
    let terminal = try PseudoTerminal()
    try Self.stopsThere.write(toFile: terminal.folder + "/stops.py", atomically: true, encoding: .utf8)
    let transcript = try terminal.run(
      arguments: ["python:stops"],
      [
        .wait("stops> "), .line("GET /"), .wait("\\(Pdb\\) "),
        .line("p 'z' * 50_000_000"), .wait("'zzzzzzzzzz"),
        .wait("z…\\r\\n… 49.8 MB more of 50.0 MB not shown: pdb shows a command's first 1000 lines\\r\\n"),
        .wait("\\(Pdb\\) "),
        .line("p secret"), .wait("'forty-two'"), .wait("\\(Pdb\\) "),
        .line("c"), .wait("answered forty-two"), .wait("stops> "), .key("ctrl-d"), .exit,
      ])
    #expect(transcript.failure == nil, "\(transcript.text.suffix(2000))")
    #expect(transcript.exitStatus == 0)
    // The head went to the terminal, not the 50 MB: 1000 lines' worth of bytes, 160 a line, the
    // repr's quote first; and the z typed.
    let shown = transcript.bytes.count { $0 == UInt8(ascii: "z") }
    #expect(shown == 160_000 - 1 + 1)
  }
}
