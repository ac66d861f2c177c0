import Glibc
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

  private func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
