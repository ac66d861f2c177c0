import Foundation
import Glibc
import TestSupport
import Testing

/// `kill -9` of gwsh at random moments: while a body spills to disk, while the journal is
/// written, during a Python dispatch and during a CGI dispatch. After each kill the next
/// start must remove what the killed shell left (its spilled bodies, the children still
/// running in the process groups it made), and its journal, cut after its last complete
/// line, must replay with `gwsh run`.
///
/// Each moment runs `GWSH_KILL_ROUNDS` rounds (3 when unset); `bash Soak/kill.sh --rounds N`
/// runs many.
@Suite("gwsh killed with SIGKILL at random moments", .serialized, .timeLimit(.minutes(10)))
struct KillTests {
  /// Where gwsh is when it is killed.
  enum Moment: String, CaseIterable, CustomTestStringConvertible {
    /// A large body the echo app sends back is being written to the bodies folder.
    case spill
    /// Many quick requests, each journaled with its response.
    case journal
    /// A Python app has sent 2 MiB (spilled) and waits.
    case python
    /// A CGI program has sent 2 MiB (spilled) and waits.
    case cgi

    var testDescription: String { rawValue }
  }

  static var rounds: Int { Int(ProcessInfo.processInfo.environment["GWSH_KILL_ROUNDS"] ?? "") ?? 3 }

  @Test("the next start removes what the killed shell left, and its journal replays", arguments: Moment.allCases)
  func killed(at moment: Moment) throws {
    // The writes to a killed shell's input must fail, not end the test process.
    signal(SIGPIPE, SIG_IGN)
    for round in 1...Self.rounds {
      let folder = TemporaryFolder(prefix: "gwsh-kill")
      defer { folder.remove() }
      try KillRound(moment: moment, round: round, temporary: folder).run()
    }
  }
}

/// One shell started, killed at a random moment, and the next start checked.
private struct KillRound {
  let moment: KillTests.Moment
  let round: Int
  let temporary: TemporaryFolder
  var folder: String { temporary.path }

  /// The Python app and the CGI program send 2 MiB, then wait until this file exists.
  var go: String { folder + "/go" }
  var started: String { folder + "/started" }
  var bodies: String { folder + "/gwsh/bodies" }
  var journals: String { folder + "/gwsh/journal" }

  func run() throws {
    try writeApps()
    let shell = try startShell(input: commands())
    let gwshID = shell.pid
    // The moment: the shell has reached the state, then a random delay within it.
    let delay: Int
    switch moment {
    case .spill:
      try waitFor("a spilled body") { !spills().isEmpty }
      delay = Int.random(in: 0..<60_000)
    case .journal:
      try waitFor("the journal's first response") { journalSize() > 200 }
      delay = Int.random(in: 0..<300_000)
    case .python, .cgi:
      try waitFor("the app's first bytes") { FileManager.default.fileExists(atPath: started) }
      delay = Int.random(in: 0..<100_000)
    }
    usleep(UInt32(delay))
    let groups = Set(ProcessTable.read().filter { $0.parent == gwshID }.map(\.group))
    shell.signal(SIGKILL)
    let ended = shell.wait()
    shell.closeInput()
    let context = "\(moment) round \(round), killed \(delay / 1000) ms in"
    #expect(ended == .signaled(SIGKILL), "\(context): the shell ended before it was killed (\(ended))")
    let journal = try killedJournal()

    // The next start.
    try ChildProgram.run(SystemTools.gwshExecutable, environment: environment(), currentDirectory: folder)
    let leftSpills = spills().filter { $0.hasPrefix("body-\(gwshID)-") }
    #expect(leftSpills.isEmpty, "\(context): the next start left the killed shell's spilled bodies \(leftSpills)")
    let strays = ProcessTable.read().filter { groups.contains($0.group) && $0.state != "Z" }
    // The children wait for `go`, which does not exist yet: one still running was left to run.
    #expect(strays.isEmpty, "\(context): still running in the killed shell's process groups: \(strays)")
    for group in groups { kill(-group, SIGKILL) }
    #expect(FileManager.default.createFile(atPath: go, contents: nil))

    // The journal, cut after its last complete line, replays.
    guard let journal else { return }
    let complete = journal.prefix(through: journal.lastIndex(of: UInt8(ascii: "\n")) ?? journal.startIndex)
    let replay = folder + "/replay.gws"
    try Data(complete).write(to: URL(fileURLWithPath: replay))
    let text = String(decoding: complete, as: UTF8.self)
    // A journal cut before its first load has nothing to run.
    guard text.split(separator: "\n").contains(where: { $0.hasPrefix("load ") }) else { return }
    let replayed = try ChildProgram.run(
      SystemTools.gwshExecutable, ["run", replay], environment: environment(), currentDirectory: folder)
    #expect(
      replayed.status == 0,
      "\(context): the journal did not replay:\n\(replayed.standardOutputText)\(replayed.standardErrorText)\n--- journal:\n\(text.suffix(3000))"
    )
  }

  /// The commands the killed shell reads, well under the 1 MiB its input pipe holds.
  func commands() -> String {
    switch moment {
    case .spill:
      return "load echo\n" + (1...20).map { "POST /big/\($0) @\(folder)/big.bin\n" }.joined()
    case .journal:
      return "load echo\n"
        + (1...5000).map { "header X-Round: \($0)\nGET /quick/\($0)?n=\($0)\nexpect status 200\n" }.joined()
    case .python:
      return "load python:waiting:app\nGET /wait\n"
    case .cgi:
      return "load cgi:\(folder)/waiting.cgi\nGET /wait\n"
    }
  }

  func writeApps() throws {
    try Data(repeating: UInt8(ascii: "k"), count: 4 << 20).write(to: URL(fileURLWithPath: folder + "/big.bin"))
    try """
    import os, time
    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "application/octet-stream")])
        yield b"p" * (2 << 20)
        open(\(pythonString(started)), "w").close()
        while not os.path.exists(\(pythonString(go))):
            time.sleep(0.01)
        yield b"done"
    """.write(toFile: folder + "/waiting.py", atomically: true, encoding: .utf8)
    // Written close-on-exec (TemporaryFolder): a program another test starts meanwhile must not hold
    // the script open for writing, or running it fails with "Text file busy".
    temporary.write(
      "waiting.cgi",
      """
      #!/bin/sh
      printf 'Content-Type: application/octet-stream\\r\\n\\r\\n'
      head -c 2097152 /dev/zero
      : > '\(started)'
      while [ ! -e '\(go)' ]; do sleep 0.01; done
      printf done
      """, executable: true)
  }

  func environment() -> [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_STATE_HOME"] = folder
    return environment
  }

  /// Starts gwsh reading `input` from a pipe that stays open, so it waits for more rather than ending.
  func startShell(input: String) throws -> ChildProgram {
    // 1 MiB, the most an unprivileged process may ask: the whole input fits, so writing never blocks.
    let shell = try ChildProgram(
      SystemTools.gwshExecutable, environment: environment(), currentDirectory: folder, output: .discarded,
      errors: .discarded, inputCapacity: 1 << 20)
    shell.send(input)
    return shell
  }

  func waitFor(_ what: String, _ condition: () -> Bool) throws {
    for _ in 0..<30_000 {
      if condition() { return }
      usleep(1000)
    }
    throw KillTestError(description: "\(moment) round \(round): never saw \(what)")
  }

  func spills() -> [String] { (try? FileManager.default.contentsOfDirectory(atPath: bodies)) ?? [] }

  func journalSize() -> Int {
    guard let name = (try? FileManager.default.contentsOfDirectory(atPath: journals))?.first else { return 0 }
    return ((try? FileManager.default.attributesOfItem(atPath: journals + "/" + name))?[.size] as? Int) ?? 0
  }

  /// The killed shell's journal, read before the next start writes its own.
  func killedJournal() throws -> [UInt8]? {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: journals)) ?? []
    guard let name = names.first else { return nil }
    #expect(names.count == 1)
    return Array(try Data(contentsOf: URL(fileURLWithPath: journals + "/" + name)))
  }

  func pythonString(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "\\'") + "'" }
}

/// The processes of the system, from /proc.
private struct ProcessTable {
  struct Entry: CustomStringConvertible {
    let id: Int32
    let parent: Int32
    let group: Int32
    let state: Character
    let name: String
    var description: String { "\(name) (pid \(id), group \(group), state \(state))" }
  }

  static func read() -> [Entry] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return names.compactMap { name -> Entry? in
      guard let id = Int32(name), let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
        let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
      else { return nil }
      // After the name: state, parent, group, ...
      let fields = stat[stat.index(after: close)...].split(separator: " ")
      guard fields.count > 2, let state = fields[0].first, let parent = Int32(fields[1]), let group = Int32(fields[2])
      else { return nil }
      return Entry(
        id: id, parent: parent, group: group, state: state, name: String(stat[stat.index(after: open)..<close]))
    }
  }
}

private struct KillTestError: Error, CustomStringConvertible {
  let description: String
}
