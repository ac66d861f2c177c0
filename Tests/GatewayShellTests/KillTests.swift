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
    let (gwshID, input) = try startShell(input: commands())
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
    kill(gwshID, SIGKILL)
    var status: Int32 = 0
    while waitpid(gwshID, &status, 0) < 0, errno == EINTR {}
    close(input)
    let context = "\(moment) round \(round), killed \(delay / 1000) ms in"
    #expect(status & 0x7f == SIGKILL, "\(context): the shell ended before it was killed (wait status \(status))")
    let journal = try killedJournal()

    // The next start.
    try ProcessRunner.run(PseudoTerminal.binary, [], environment: environment(), currentDirectory: folder)
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
    let replayed = try ProcessRunner.run(
      PseudoTerminal.binary, ["run", replay], environment: environment(), currentDirectory: folder)
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

  /// Starts gwsh reading `input` from a pipe that stays open, so it waits for more rather than ending;
  /// returns its process id and the pipe's end to close once it is killed.
  ///
  /// Spawned and collected directly: Foundation's `Process` never saw a child it had started end by
  /// SIGKILL here (`waitUntilExit` waited for good beside the zombie).
  func startShell(input: String) throws -> (pid_t, Int32) {
    var ends: [Int32] = [-1, -1]
    guard pipe(&ends) == 0 else { throw KillTestError(description: "pipe: \(String(cString: strerror(errno)))") }
    for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
    // 1 MiB, the most an unprivileged process may ask (F_SETPIPE_SZ): the whole input fits, so writing never blocks.
    _ = fcntl(ends[1], 1031, 1 << 20)
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, ends[0], 0)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    // The test's threads block signals and this process ignores SIGPIPE; gwsh starts as from a shell.
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attributes, &empty)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    sigaddset(&defaults, SIGPIPE)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    // The shell changes to the folder, then becomes gwsh: the process id stays the one killed.
    let arguments = ["/bin/sh", "-c", "cd \"$1\" && exec \"$2\"", "sh", folder, PseudoTerminal.binary]
    let argv = arguments.map { strdup($0) } + [nil]
    let envp = environment().map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for pointer in argv + envp { free(pointer) }
    }
    var pid: pid_t = 0
    let result = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, envp)
    close(ends[0])
    guard result == 0 else {
      close(ends[1])
      throw KillTestError(description: "spawn: \(String(cString: strerror(result)))")
    }
    let bytes = Array(input.utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
      if written < 0, errno == EINTR { continue }
      guard written > 0 else { break }
      offset += written
    }
    return (pid, ends[1])
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
