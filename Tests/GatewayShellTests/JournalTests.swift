import Foundation
import Glibc
import Session
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

  private func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
