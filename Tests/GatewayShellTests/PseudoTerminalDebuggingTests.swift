import Foundation
import Testing

/// The debugging loop at a real prompt: edit a module, reload it by hand or
/// with `--reload`, and see the new code answer.
@Suite("Pseudo-terminal: the debugging loop", .serialized)
struct PseudoTerminalDebuggingTests {
  static func app(_ answer: String) -> String {
    """
    def application(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"\(answer)\\n"]
    """
  }

  @Test("reload imports an edited module again under the same name; a failing import keeps the shell and says why")
  func reloadByHand() throws {
    let terminal = try PseudoTerminal()
    try Self.app("answer one").write(toFile: terminal.folder + "/shop.py", atomically: true, encoding: .utf8)
    try terminal.install("hello.cgi", "#!/bin/sh\nprintf 'Content-Type: text/plain\\n\\nhi\\n'\n")
    let transcript = try terminal.run(
      arguments: ["python:shop"],
      [
        .wait("shop> "), .line("GET /"), .wait("answer one"), .wait("shop> "),
        .write("shop.py", Self.app("the second answer")),
        .line("reload"), .wait("reloaded shop"), .wait("shop> "),
        .line("GET /"), .wait("the second answer"), .wait("shop> "),
        .write("shop.py", "import gwsh_missing_module_x\n"),
        .line("reload"), .wait("No module named 'gwsh_missing_module_x'"), .wait("shop> "),
        .line("GET /"),
        .wait("error: shop is not loaded: its last reload failed, as shown then; fix the code and 'reload shop'"),
        .wait("shop> "),
        .write("shop.py", Self.app("fixed")),
        .line("reload shop"), .wait("reloaded shop"), .wait("shop> "),
        .line("GET /"), .wait("fixed"), .wait("shop> "),
        .line("load cgi:hello.cgi"), .wait("hello.cgi> "),
        .line("reload"), .wait("is a CGI program, started anew for every request: there is nothing to reload"),
        .wait("hello.cgi> "), .key("ctrl-d"), .exit,
      ])
    #expect(transcript.failure == nil, "\(transcript.text)")
    #expect(transcript.exitStatus == 0)
    // The request to the app not loaded failed its line: no response was made up for it.
    #expect(!transcript.text.contains("500 Internal Server Error"), "\(transcript.text)")
  }

  @Test("--reload imports the app again when a .py file changed, announced before the next response")
  func reloadOnChange() throws {
    let terminal = try PseudoTerminal()
    try Self.app("answer one").write(toFile: terminal.folder + "/shop.py", atomically: true, encoding: .utf8)
    let transcript = try terminal.run(
      arguments: ["--reload", "python:shop"],
      [
        .wait("shop> "), .line("GET /"), .wait("answer one"), .wait("shop> "),
        .write("shop.py", Self.app("a burst")), .write("shop.py", Self.app("the last write of a burst")),
        .line("GET /"), .wait("shop.py changed: reloading"), .wait("reloaded shop"), .wait("the last write of a burst"),
        .wait("shop> "),
        // Nothing changed since: no reload.
        .line("GET /"), .wait("the last write of a burst"), .wait("shop> "), .key("ctrl-d"), .exit,
      ])
    #expect(transcript.failure == nil, "\(transcript.text)")
    #expect(transcript.exitStatus == 0)
    #expect(transcript.text.components(separatedBy: "reloaded shop").count == 2, "one reload for the burst")
  }

  @Test("breakpoint() opens pdb at the prompt: a local is printed, c lets the request answer, q and Ctrl-C abandon one")
  func breakpointAtThePrompt() throws {
    let terminal = try PseudoTerminal()
    let app = """
      def application(environ, start_response):
          secret = "forty-two"
          breakpoint()
          start_response("200 OK", [("Content-Type", "text/plain")])
          return [b"answered " + secret.encode()]
      """
    try app.write(toFile: terminal.folder + "/stops.py", atomically: true, encoding: .utf8)
    let transcript = try terminal.run(
      arguments: ["python:stops"],
      [
        .wait("stops> "), .line("GET /"), .wait("stops.py\\(4\\)application"), .wait("\\(Pdb\\) "),
        .line("p secret"), .wait("'forty-two'"), .wait("\\(Pdb\\) "),
        .line("c"), .wait("200 OK"), .wait("answered forty-two"), .wait("stops> "),
        .line("GET /"), .wait("\\(Pdb\\) "), .line("q"), .wait("BdbQuit"), .wait("stops> "),
        .line("GET /"), .wait("\\(Pdb\\) "), .line("c"), .wait("answered forty-two"), .wait("stops> "),
        // Ctrl-C gives up a half-typed command and pdb asks again; on an empty line it abandons the request.
        .line("GET /"), .wait("\\(Pdb\\) "), .type("p secr"), .pause(0.3), .key("ctrl-c"),
        .wait("p secr\\^C"), .wait("\\(Pdb\\) "),
        .line("p secret"), .wait("'forty-two'"), .wait("\\(Pdb\\) "), .key("ctrl-c"), .wait("BdbQuit"),
        .wait("stops> "),
        .key("ctrl-d"), .exit,
      ])
    #expect(transcript.failure == nil, "\(transcript.text)")
    #expect(transcript.exitStatus == 0)
  }

  @Test("a breakpoint in a body's generator comes after the chunks before it, and pdb's prompt after them")
  func breakpointInGenerator() throws {
    let transcript = try Self.breakpointInGenerator(nextLine: "pass")
    #expect(transcript.failure == nil, "\(transcript.text)")
    #expect(transcript.exitStatus == 0)
  }

  /// A request to an app whose body's generator stops at a breakpoint after its first chunk, with
  /// `nextLine` the line pdb shows as the frame's, then `c`.
  static func breakpointInGenerator(nextLine: String) throws -> PseudoTerminal.Transcript {
    let terminal = try PseudoTerminal()
    let app = """
      def application(environ, start_response):
          start_response("200 OK", [("Content-Type", "text/plain")])
          def chunks():
              yield b"part one\\n"
              breakpoint()
              \(nextLine)
              yield b"part two\\n"
          return chunks()
      """
    try app.write(toFile: terminal.folder + "/gen.py", atomically: true, encoding: .utf8)
    return try terminal.run(
      arguments: ["python:gen"],
      [
        .wait("gen> "), .line("GET /"),
        // The status, the headers and the first chunk, then pdb's frame: the prompt is last, not overwritten.
        .wait("200 OK\\r\\nContent-Type: text/plain\\r\\n\\r\\npart one\\r\\n> [^\\r]*gen.py\\(6\\)chunks"),
        .wait("\\(Pdb\\) "), .line("c"), .wait("part two"), .wait("gen> "), .key("ctrl-d"), .exit,
      ])
  }

  @Test("the time spent at a breakpoint's (Pdb) prompt does not count against --timeout")
  func breakpointOutlastsTheTimeout() throws {
    let terminal = try PseudoTerminal()
    let app = """
      import time
      def application(environ, start_response):
          breakpoint()
          if environ.get("QUERY_STRING") == "slow":
              time.sleep(3)
          start_response("200 OK", [("Content-Type", "text/plain")])
          return [b"still answered"]
      """
    try app.write(toFile: terminal.folder + "/waits.py", atomically: true, encoding: .utf8)
    let transcript = try terminal.run(
      arguments: ["--timeout", "2", "python:waits"],
      [
        // Three seconds at the prompt, past the two-second timeout: the request still answers.
        .wait("waits> "), .line("GET /"), .wait("\\(Pdb\\) "), .pause(3), .line("c"), .wait("200 OK"),
        .wait("still answered"), .wait("waits> "),
        // The app's own time still counts: three seconds of sleep after the prompt is past the timeout.
        .line("GET /?slow"), .wait("\\(Pdb\\) "), .line("c"), .wait("timed out after 2"), .wait("waits> "),
        .key("ctrl-d"), .exit,
      ])
    #expect(transcript.failure == nil, "\(transcript.text)")
    #expect(transcript.exitStatus == 0)
  }

  @Test("repeat N REQUEST shows the spread of the times; Ctrl-C stops early and shows what was measured")
  func repeatAndStop() throws {
    let terminal = try PseudoTerminal()
    let transcript = try terminal.run([
      .wait("demo> "), .line("repeat 50 GET /api/items"), .wait("50 requests in .* requests/s"),
      .wait("min .* · p50 .* · p90 .* · p99 .* · max "), .wait("50× 200"), .wait("demo> "),
      .line("load slow"), .wait("slow> "), .line("repeat 1000 GET /?chunks=2&delay=0.1"), .pause(1.5),
      .key("ctrl-c"), .wait("stopped by Ctrl-C after [0-9]+ of 1000"), .wait("slow> "),
      .line("GET /api/items"), .wait("slow> "), .key("ctrl-d"), .exit,
    ])
    #expect(transcript.failure == nil, "\(transcript.text)")
    #expect(transcript.exitStatus == 0)
  }

  @Test("debug opens pdb post-mortem at the frame that raised: p, up and ll work, q returns to the shell")
  func postMortem() throws {
    let terminal = try PseudoTerminal()
    let app = """
      def total(prices):
          subtotal = sum(prices)
          return subtotal / 0

      def application(environ, start_response):
          basket = [3, 4]
          pattern = r"\\d+\\s"
          if environ["PATH_INFO"] == "/ok":
              start_response("200 OK", [("Content-Type", "text/plain")])
              return [b"still working"]
          return [str(total(basket)).encode()]
      """
    try app.write(toFile: terminal.folder + "/fails.py", atomically: true, encoding: .utf8)
    let transcript = try terminal.run(
      arguments: ["python:fails"],
      [
        .wait("fails> "), .line("debug"), .wait("no Python request has raised yet"), .wait("fails> "),
        .line("GET /"), .wait("ZeroDivisionError"), .wait("fails> "),
        // A request that answers leaves the last exception to debug, as pdb.pm() would.
        .line("GET /ok"), .wait("still working"), .wait("fails> "),
        .line("debug"), .wait("fails.py\\(3\\)total"), .wait("\\(Pdb\\) "),
        .line("p subtotal"), .wait("\\s7\\r\\n"), .wait("\\(Pdb\\) "),
        .line("up"), .wait("application"), .wait("\\(Pdb\\) "),
        .line("p basket"), .wait("\\[3, 4\\]"), .wait("\\(Pdb\\) "),
        // Backslashes as pdb prints them: the repr, and the source line.
        .line("p pattern"), .wait(#"\s'\\\\d\+\\\\s'\r\n"#), .wait("\\(Pdb\\) "),
        .line("ll"), .wait("basket = \\[3, 4\\]"), .wait(#"pattern = r"\\d\+\\s"\r\n"#), .wait("\\(Pdb\\) "),
        .line("q"), .wait("fails> "),
        .line("GET /ok"), .wait("still working"), .wait("fails> "),
        .line("reload"), .wait("reloaded fails"), .wait("fails> "),
        .line("debug"), .wait("reloaded or unloaded since"), .wait("fails> "), .key("ctrl-d"), .exit,
      ])
    #expect(transcript.failure == nil, "\(transcript.text)")
    #expect(transcript.exitStatus == 0)
  }

  @Test("profile REQUEST shows the app's hottest functions after the exchange; an app not in Python is said so")
  func profileRequest() throws {
    let terminal = try PseudoTerminal()
    let app = """
      def slow_part():
          return sum(range(300000))

      def application(environ, start_response):
          start_response("200 OK", [("Content-Type", "text/plain")])
          return [b"sum %d" % slow_part()]
      """
    try app.write(toFile: terminal.folder + "/busy.py", atomically: true, encoding: .utf8)
    let transcript = try terminal.run(
      arguments: ["python:busy"],
      [
        .wait("busy> "), .line("profile GET /"), .wait("sum 44999850000"), .wait("── [0-9.]+ ms"),
        .wait("profile \\(cProfile\\)"), .wait("calls +own ms +cum ms"), .wait("slow_part \\(.*busy.py:1\\)"),
        .wait("busy> "), .line("GET /"), .wait("sum 44999850000"), .wait("busy> "),
        .line("load demo"), .wait("demo> "), .line("profile GET /api/items"),
        .wait("only a Python app is profiled"), .wait("demo> "), .key("ctrl-d"), .exit,
      ])
    #expect(transcript.failure == nil, "\(transcript.text)")
    #expect(transcript.exitStatus == 0)
    #expect(transcript.text.components(separatedBy: "profile (cProfile)").count == 2, "only the profiled request")
  }
}
