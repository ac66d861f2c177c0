import Foundation
import Glibc
import Platform
import Session
import TestSupport
import Testing

@testable import GatewayShell

@Suite("Session journal files")
struct JournalTests {
  @Test("a journal is named by the UTC time it started, the same date and time the C library gives")
  func stampIsUTC() {
    // Leap days, century years, the epoch, before it, and far ahead.
    var instants = [
      0, -1, 86_399, 86_400, 951_782_400, 951_868_799, 4_107_542_400, 1_709_208_000, -2_208_988_800, 253_402_300_799,
    ]
    var seconds = -1_000_000_000
    while seconds < 5_000_000_000 {
      instants.append(seconds)
      seconds += 7_777_777
    }
    for instant in instants {
      var time = time_t(instant)
      var parts = tm()
      gmtime_r(&time, &parts)
      let expected =
        String(parts.tm_year + 1900) + "-" + two(parts.tm_mon + 1) + "-" + two(parts.tm_mday) + "T"
        + two(parts.tm_hour) + two(parts.tm_min) + two(parts.tm_sec) + "Z"
      #expect(Journal.stamp(secondsSinceEpoch: instant) == expected, "\(instant)")
    }
  }

  @Test("a request line that failed before it ran (an undefined variable, no app) is a comment, so the journal replays")
  func failedRequestLines() throws {
    let script = try ScriptedShell(
      lines: [
        "send", "GET /before-any-app", "load echo", "GET /x?g={{nope}}", "let g 1", "GET /x?g={{g}}", "send",
        "header X-Who: {{who}}", "GET /after",
        "save \(FileManager.default.temporaryDirectory.path)/gwsh-never-\(getpid()).gws",
      ],
      journal: true)
    _ = script.run()
    let journal = try script.journalText()
    #expect(journal.contains("# failed: no app is loaded"), "\(journal)")
    #expect(journal.contains("\n# GET /before-any-app\n"), "\(journal)")
    #expect(journal.contains("# failed: the variable 'nope' is not defined"), "\(journal)")
    #expect(journal.contains("\n# GET /x?g={{nope}}\n"), "\(journal)")
    #expect(journal.hasPrefix("# failed: nothing to send yet"), "\(journal)")
    #expect(!journal.contains("\nGET /x?g={{nope}}\n"), "\(journal)")
    #expect(journal.contains("\nGET /x?g={{g}}\n# recorded response"), "\(journal)")
    // A save during the session is kept as a comment: replaying the journal must not overwrite the file.
    let saved = FileManager.default.temporaryDirectory.path + "/gwsh-never-\(getpid()).gws"
    #expect(journal.contains("\n# save \(saved) (saved during the session; a replay does not save again)\n"))
    try FileManager.default.removeItem(atPath: saved)

    let file = script.journalFolder + "/replayed.gws"
    try journal.write(toFile: file, atomically: true, encoding: .utf8)
    var printed: [String] = []
    let report = SessionRunner().run([file]) { printed.append($0) }
    #expect(report.exitCode == 0, "\(printed)\n\(journal)")
    #expect(report.passed > 0)
    #expect(!FileManager.default.fileExists(atPath: saved), "the replay saved again")
  }

  @Test("a journal that sourced a file of several requests replays: the responses are not recorded after it")
  func sourcedRequestsReplay() throws {
    let folder = TemporaryFolder(prefix: "gwsh-journal-source")
    defer { folder.remove() }
    let sourced = folder.write("two.gws", "GET /api/items/1\nGET /api/items/2\n")
    let script = try ScriptedShell(lines: ["load demo", "source \(sourced)", "GET /api/items/3"], journal: true)
    _ = script.run()
    let journal = try script.journalText()
    #expect(journal.contains("source \(sourced)\nGET /api/items/3\n# recorded response"), "\(journal)")
    let file = folder.path + "/replayed.gws"
    try journal.write(toFile: file, atomically: true, encoding: .utf8)
    var printed: [String] = []
    let report = SessionRunner().run([file]) { printed.append($0) }
    #expect(report.exitCode == 0, "\(printed)\n\(journal)")
  }

  @Test("the next start points at the latest session that is over if it did not end; running shells are passed over")
  func unendedSessions() throws {
    let folder = TemporaryFolder(prefix: "gwsh-journals")
    defer { folder.remove() }
    let me = ProcessEnvironment.processID
    let (running, over) = try sessionHeaders()
    let typed = "load echo\nGET /typed\n"
    let own = folder.write("2026-12-07T100400Z.gws", running)
    func unended() -> String? { JournalFolder(path: folder.path).unended(except: own) }

    #expect(unended() == nil, "nothing but this shell's own journal")
    let killed = folder.write("2026-12-07T100100Z.gws", over + typed)
    #expect(unended() == killed)
    // A shell still running is passed over; the killed one behind it is still the latest that is over.
    _ = folder.write("2026-12-07T100300Z.gws", running + typed)
    #expect(unended() == killed)
    // A later session that ended as it should: nothing to point at, whatever came before it.
    let ended = folder.write("2026-12-07T100200Z.gws", over + typed + Journal.endLine + "\n")
    #expect(unended() == nil)
    // Nothing typed, or an older gwsh's journal without its process: not pointed at either.
    try FileManager.default.removeItem(atPath: ended)
    _ = folder.write("2026-12-07T100200Z.gws", over)
    #expect(unended() == nil)
    _ = folder.write("2026-12-07T100200Z.gws", "# gwsh session journal\n" + typed)
    #expect(unended() == nil)
    // Shells that started in the same second: the later is the later however many there were.
    let sameSecond = ["2026-12-07T100500Z.gws", "2026-12-07T100500Z-2.gws", "2026-12-07T100500Z-10.gws"]
    for name in sameSecond { _ = folder.write(name, over + typed) }
    #expect(unended() == folder.path + "/" + sameSecond[2])
    // The header a shell writes names it, and it is running.
    let owner = try #require(Journal.owner(of: Array((Journal.sessionHeader + "\n").utf8)))
    #expect(owner.process == me && ProcessEnvironment.isRunning(owner.process, startedAt: owner.start))
  }

  @Test("old journals are removed past the newest sessions and a size in all; running shells' and the kept stay")
  func oldJournalsRemoved() throws {
    let folder = TemporaryFolder(prefix: "gwsh-journals")
    defer { folder.remove() }
    let (running, over) = try sessionHeaders()
    let ended = over + "GET /\n" + Journal.endLine + "\n"
    // Six sessions that ended, a minute apart, the oldest first; an old one still running; this shell's.
    let sessions = (1...6).map { folder.write("2026-12-07T10\(two(Int32($0)))00Z.gws", ended) }
    let stillRunning = folder.write("2026-12-07T090000Z.gws", running + "GET /\n")
    let own = folder.write("2026-12-07T110000Z.gws", running)
    // Files not named as journals are not gwsh's to remove.
    let notes = folder.write("notes.gws", ended)
    let nearly = folder.write("2026-12-07T1000000Z.gws", ended)
    func left() -> Set<String> {
      Set((FileSystem.entries(of: folder.path) ?? []).map { folder.path + "/" + $0.name })
    }

    let removed = JournalFolder(path: folder.path).removeOld(keeping: [own], count: 4)
    #expect(Set(removed) == Set(sessions.prefix(2)))
    #expect(left() == Set(sessions.suffix(4) + [stillRunning, own, notes, nearly]))
    // By size: the two newest fit in three sessions' bytes; a kept path stays whatever the bounds say.
    let size = ended.utf8.count
    JournalFolder(path: folder.path).removeOld(keeping: [own, sessions[2]], bytes: 2 * size + size / 2)
    #expect(left() == Set([sessions[5], sessions[4], sessions[2], stillRunning, own, notes, nearly]))
    // The newest session is kept however large it is.
    JournalFolder(path: folder.path).removeOld(keeping: [own], bytes: 1)
    #expect(left() == Set([sessions[5], stillRunning, own, notes, nearly]))
  }

  /// The first line of a journal whose shell is this process, still running, and of one whose
  /// shell is over: the same id with another start time, a process that ended and whose id was
  /// since given to this one.
  private func sessionHeaders() throws -> (running: String, over: String) {
    let me = ProcessEnvironment.processID
    let start = try #require(ProcessEnvironment.startTime(of: me))
    return (
      "# gwsh session journal (process \(me), start \(start))\n",
      "# gwsh session journal (process \(me), start \(start + 1))\n"
    )
  }

  private func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
