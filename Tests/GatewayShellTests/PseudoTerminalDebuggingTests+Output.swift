import Foundation
import Testing

/// pdb's output as it comes, cut after its head, and Ctrl-C while a pdb command runs.
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

  @Test("a breakpoint in a generator whose frame line is longer than a piece of pdb's output comes after the chunks")
  func longFrameLineAfterChunks() throws {
    let transcript = try Self.breakpointInGenerator(
      nextLine: "filler = \"\(String(repeating: "y", count: 40_000))\"")
    #expect(transcript.failure == nil, "\(transcript.text.suffix(2000))")
    #expect(transcript.exitStatus == 0)
  }

  @Test("Ctrl-C while a pdb command prints or computes interrupts it: back at (Pdb), c finishes the request")
  func interruptCommand() throws {
    let terminal = try PseudoTerminal()
    try Self.stopsThere.write(toFile: terminal.folder + "/stops.py", atomically: true, encoding: .utf8)
    let transcript = try terminal.run(
      arguments: ["python:stops"],
      [
        .wait("stops> "), .line("GET /"), .wait("\\(Pdb\\) "),
        // A statement that prints without end: its first lines are shown while it still runs.
        .line("!import time"), .wait("\\(Pdb\\) "),
        .line("!for i in range(10**9): print('line', i); time.sleep(0.00001)"), .wait("line 999\\r\\n"),
        .key("ctrl-c"),
        .wait(
          "\\^C\\r\\n… [0-9.]+ [KM]?B more not shown: Ctrl-C interrupted the command\\r\\n\\*\\*\\* KeyboardInterrupt"),
        .wait("\\(Pdb\\) "),
        // A command that computes without printing.
        .line("p any(i < 0 for i in range(10**12))"), .pause(0.5), .key("ctrl-c"),
        .wait("\\^C\\r\\n\\*\\*\\* KeyboardInterrupt\\r\\n"), .wait("\\(Pdb\\) "),
        // The request is still stopped where it was.
        .line("p secret"), .wait("'forty-two'"), .wait("\\(Pdb\\) "),
        .line("c"), .wait("200 OK"), .wait("answered forty-two"), .wait("stops> "),
        // Once pdb let the app go on, Ctrl-C stops the request, as before.
        .line("GET /?slow"), .wait("\\(Pdb\\) "), .line("c"), .pause(0.5), .key("ctrl-c"), .wait("stopped: cancelled"),
        .wait("stops> "), .key("ctrl-d"), .exit,
      ])
    #expect(transcript.failure == nil, "\(transcript.text.suffix(3000))")
    #expect(transcript.exitStatus == 0)
    #expect(!transcript.text.contains("BdbQuit"), "no Ctrl-C abandoned the request at its breakpoint")
  }

  @Test("Ctrl-C during a command at debug's post-mortem pdb interrupts the command, not pdb")
  func interruptPostMortemCommand() throws {
    let terminal = try PseudoTerminal()
    let app = """
      def application(environ, start_response):
          basket = [3, 4]
          return [str(sum(basket) / 0).encode()]
      """
    try app.write(toFile: terminal.folder + "/fails.py", atomically: true, encoding: .utf8)
    let transcript = try terminal.run(
      arguments: ["python:fails"],
      [
        .wait("fails> "), .line("GET /"), .wait("ZeroDivisionError"), .wait("fails> "),
        .line("debug"), .wait("\\(Pdb\\) "),
        .line("p any(i < 0 for i in range(10**12))"), .pause(0.5), .key("ctrl-c"),
        .wait("\\^C\\r\\n\\*\\*\\* KeyboardInterrupt\\r\\n"), .wait("\\(Pdb\\) "),
        .line("p basket"), .wait("\\[3, 4\\]"), .wait("\\(Pdb\\) "), .line("q"), .wait("fails> "),
        .key("ctrl-d"), .exit,
      ])
    #expect(transcript.failure == nil, "\(transcript.text.suffix(3000))")
    #expect(transcript.exitStatus == 0)
  }
}
