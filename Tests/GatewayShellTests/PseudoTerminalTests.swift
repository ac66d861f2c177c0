import Foundation
import Glibc
import TestSupport
import Testing

/// The real binary at a real terminal: what a user types, and what the terminal receives.
// Ten minutes: see PipedInputTests (the whole suite under AddressSanitizer failed one test here on a
// two-minute limit, with nothing else wrong).
@Suite("gwsh in a pseudo-terminal", .serialized, .timeLimit(.minutes(10)))
struct PseudoTerminalTests {
  @Test("a request typed at the prompt is answered, and Ctrl-D on an empty line ends the shell")
  func typingAndCtrlD() throws {
    let terminal = try PseudoTerminal()
    let transcript = try terminal.run([
      .wait("demo> "), .line("GET /api/items/1"), .wait("teapot"), .wait("demo> "), .key("ctrl-d"), .exit,
    ])
    #expect(transcript.failure == nil, "\(transcript.text)")
    #expect(transcript.text.contains("200 OK"))
    #expect(transcript.exitStatus == 0)
  }

  @Test("Up and Ctrl-R recall a line typed in an earlier run, from the history file")
  func historyAcrossRuns() throws {
    let terminal = try PseudoTerminal()
    let first = try terminal.run([.wait("demo> "), .line("GET /api/items/4"), .wait("demo> "), .key("ctrl-d"), .exit])
    #expect(first.failure == nil, "\(first.text)")
    let history = try String(contentsOfFile: terminal.folder + "/gwsh/history", encoding: .utf8)
    #expect(history.contains("GET /api/items/4"))
    let second = try terminal.run([
      .wait("demo> "), .key("up"), .wait("GET /api/items/4"), .line(""), .wait("strainer"), .wait("demo> "),
      .line("GET /"), .wait("demo> "), .key("ctrl-r"), .type("items/4"), .wait("reverse-i-search"), .line(""),
      .wait("strainer"), .wait("demo> "), .key("ctrl-d"), .exit,
    ])
    #expect(second.failure == nil, "\(second.text)")
    #expect(second.exitStatus == 0)
  }

  @Test("Tab completes command names, header names and app names")
  func completion() throws {
    let terminal = try PseudoTerminal()
    let transcript = try terminal.run([
      .wait("demo> "), .type("hea"), .key("tab"), .type("Content-T"), .key("tab"), .line("text/plain"),
      .wait("Content-Type is sent"), .wait("demo> "), .type("load ec"), .key("tab"), .line(""), .wait("echo> "),
      .key("ctrl-d"), .exit,
    ])
    #expect(transcript.failure == nil, "\(transcript.text)")
    #expect(transcript.text.contains("loaded echo"))
  }

  @Test("Ctrl-C while typing clears the line, and the shell goes on")
  func ctrlCWhileTyping() throws {
    let terminal = try PseudoTerminal()
    let transcript = try terminal.run([
      .wait("demo> "), .type("GET /not-this-one"), .key("ctrl-c"), .wait("demo> "), .line("GET /api/items/3"),
      .wait("mug"), .wait("demo> "), .key("ctrl-d"), .exit,
    ])
    #expect(transcript.failure == nil, "\(transcript.text)")
    #expect(!transcript.text.contains("no route for GET /not-this-one"))
    #expect(transcript.exitStatus == 0)
  }

  @Test("Ctrl-C stops a slow stream and a stuck app, shows the outcome, and the shell goes on")
  func ctrlCDuringDispatch() throws {
    let terminal = try PseudoTerminal()
    let started = ContinuousClock.now
    let transcript = try terminal.run([
      .wait("demo> "), .line("load slow"), .wait("slow> "), .line("GET /?chunks=100&delay=1"), .wait("chunk 2"),
      .key("ctrl-c"), .wait("stopped: cancelled"), .wait("slow> "), .line("GET /stuck"), .pause(0.5),
      .key("ctrl-c"), .wait("stopped: cancelled"), .wait("slow> "), .line("load demo"), .wait("demo> "),
      .key("ctrl-d"), .exit,
    ])
    #expect(transcript.failure == nil, "\(transcript.text)")
    // Streamed as it came: chunks were on screen before Ctrl-C, not all hundred at the end.
    #expect(transcript.text.contains("chunk 1/100"))
    #expect(!transcript.text.contains("chunk 50/100"))
    #expect(transcript.exitStatus == 0)
    #expect(ContinuousClock.now - started < .seconds(30))
  }

  @Test("Ctrl-C stops a Python app that imports for long, leaving nothing running, and the shell goes on")
  func ctrlCDuringLoad() throws {
    let terminal = try PseudoTerminal()
    // The import says which process runs it, then waits far longer than the test.
    try "import os, time\nopen('sleepy.pid', 'w').write(str(os.getpid()))\ntime.sleep(60)\n".write(
      toFile: terminal.folder + "/sleepy.py", atomically: true, encoding: .utf8)
    let started = ContinuousClock.now
    let transcript = try terminal.run([
      .wait("demo> "), .line("load python:sleepy:app"), .pause(1), .key("ctrl-c"), .wait("was cancelled"),
      .wait("demo> "), .line("GET /api/items/2"), .wait("kettle"), .wait("demo> "), .key("ctrl-d"), .exit,
    ])
    #expect(transcript.failure == nil, "\(transcript.text)")
    #expect(transcript.exitStatus == 0)
    #expect(ContinuousClock.now - started < .seconds(20))
    // The worker was stopped with the load, not left importing (nor orphaned once the shell quit).
    let pid = try #require(Int32(String(contentsOfFile: terminal.folder + "/sleepy.pid", encoding: .utf8)))
    #expect(kill(pid, 0) != 0, "the cancelled load's worker \(pid) still runs")
  }

  @Test("after a shell was killed, the next start points at its journal, and 'source' of it runs what was typed")
  func killedSessionPointedAt() throws {
    let terminal = try PseudoTerminal()
    let environment = ["XDG_STATE_HOME": terminal.folder, "HOME": terminal.folder, "PATH": "/usr/bin:/bin"]
    let killed = try ChildProgram(
      SystemTools.gwshExecutable, environment: environment, currentDirectory: terminal.folder)
    killed.send("load echo\nheader X-Typed: before the kill\nGET /typed\n")
    #expect(killed.read(until: "body_length").contains("before the kill"))
    killed.signal(SIGKILL)
    _ = killed.wait()
    let journals = try FileManager.default.contentsOfDirectory(atPath: terminal.folder + "/gwsh/journal")
    let journal = try #require(journals.first)
    let pointed = try terminal.run([
      .wait("did not end with quit or Ctrl-D; what was typed in it is in [^ ]*" + journal),
      .wait("demo> "), .line("source " + terminal.folder + "/gwsh/journal/" + journal),
      .wait(#""HTTP_X_TYPED": "before the kill""#), .wait("echo> "), .key("ctrl-d"), .exit,
    ])
    #expect(pointed.failure == nil, "\(pointed.text)")
    #expect(pointed.exitStatus == 0)
    // That session ended with Ctrl-D: the next start has nothing to point at.
    let next = try terminal.run([.wait("demo> "), .key("ctrl-d"), .exit])
    #expect(next.failure == nil, "\(next.text)")
    #expect(!next.text.contains("did not end"), "\(next.text)")
  }

  @Test("body <<END prompts for lines until END, and they become the body")
  func hereDocument() throws {
    let terminal = try PseudoTerminal()
    let transcript = try terminal.run([
      .wait("demo> "), .line("load echo"), .wait("echo> "), .line("body <<END"), .wait("… "), .type("hello"),
      .key("tab"),
      .line("pty"), .wait("… "), .line("END"), .wait("echo> "), .line("POST /"), .wait(#""body_length": 10"#),
      .wait("echo> "),
      .key("ctrl-d"), .exit,
    ])
    #expect(transcript.failure == nil, "\(transcript.text)")
    #expect(transcript.text.contains(#""body": "hello\tpty\n""#))
  }

  @Test("Ctrl-C inside a here-document abandons it; the body stays as it was")
  func ctrlCInHereDocument() throws {
    let terminal = try PseudoTerminal()
    let transcript = try terminal.run([
      .wait("demo> "), .line("load echo"), .wait("echo> "), .line("body <<END"), .wait("… "), .line("never sent"),
      .wait("… "), .key("ctrl-c"), .wait("abandoned"), .wait("echo> "), .line("POST /"),
      .wait(#""body_length": 0"#), .wait("echo> "), .key("ctrl-d"), .exit,
    ])
    #expect(transcript.failure == nil, "\(transcript.text)")
    #expect(!transcript.text.contains(#""body": "never sent"#))
    #expect(transcript.exitStatus == 0)
  }

  @Test("a program cannot write to the terminal behind gwsh's back: it runs with no terminal of its own")
  func programOffTheTerminal() throws {
    let terminal = try PseudoTerminal()
    try terminal.install(
      "intruder.cgi",
      """
      #!/bin/sh
      (printf 'tty-intruder\\033[2J\\n' > /dev/tty) 2>/dev/null && tty=open || tty=none
      printf 'Content-Type: text/plain\\r\\n\\r\\ntty=%s\\n' "$tty"
      """)
    let transcript = try terminal.run(
      arguments: ["cgi:./intruder.cgi"],
      [.wait("intruder.cgi> "), .line("GET /"), .wait("tty="), .wait("intruder.cgi> "), .key("ctrl-d"), .exit])
    #expect(transcript.failure == nil, "\(transcript.text)")
    #expect(transcript.text.contains("tty=none"))
    #expect(!transcript.text.contains("tty-intruder"))
  }

  @Test("escape sequences an app sends never reach the terminal; they are shown escaped")
  func hostileApp() throws {
    let terminal = try PseudoTerminal()
    try terminal.install(
      "evil.cgi",
      """
      #!/bin/sh
      printf 'Content-Type: text/plain\\r\\nX-Title: \\033]0;pwned\\007\\r\\n\\r\\n'
      printf 'before\\033[2J\\033]0;pwned\\007after \\342\\200\\256gnp.exe\\r\\n'
      printf 'log \\033[31mred\\n' >&2
      """)
    // With colours on, the prompt's name is followed by the shell's own reset sequence.
    let prompt = #"evil\.cgi\S*> "#
    let transcript = try terminal.run(
      arguments: ["cgi:./evil.cgi"], colours: true,
      [.wait(prompt), .line("GET /"), .wait("── "), .wait(prompt), .key("ctrl-d"), .exit])
    #expect(transcript.failure == nil, "\(transcript.text)")
    let bytes = transcript.bytes
    func contains(_ needle: [UInt8]) -> Bool {
      guard bytes.count >= needle.count else { return false }
      return (0...(bytes.count - needle.count)).contains { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
    #expect(!contains([0x1B, 0x5D]))  // OSC: ESC ]
    #expect(!contains(Array("\u{1b}[2J".utf8)))
    #expect(!bytes.contains(0x07))
    #expect(!contains([0xE2, 0x80, 0xAE]))  // U+202E
    #expect(transcript.text.contains(#"before\x1b[2J\x1b]0;pwned\x07after \u{202e}gnp.exe"#))
    #expect(transcript.text.contains(": \\x1b]0;pwned\\x07\r\n"))
    #expect(transcript.text.contains(#"log \x1b[31mred"#))
  }
}
