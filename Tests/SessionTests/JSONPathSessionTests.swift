import Session
import Testing

/// `expect json` and `capture ... json` with RFC 9535 JSONPath, against the demo shop.
@Suite("JSONPath in sessions")
struct JSONPathSessionTests {
  @Test("a filter with spaces is one path; several nodes compare as an array in document order, none as absent")
  func filtersInSessions() throws {
    let events = try run(
      """
      load demo
      GET /api/items
      expect json $.items[?@.price_cents < 1000].name == ["mug", "strainer"]
      expect json $..items[?@.name == 'tray'].id == [5]
      expect json $.items[?search(@.name, 'e[at]')].id == [1, 2]
      expect json $.items[?@.price_cents > 99999] absent
      expect json $.items[-1].name == "tray"
      expect json $.items[::2].id == [1, 3, 5]
      expect json $.items[?length(@.name) == 3] present
      capture cheap json $.items[?@.price_cents == 420].name
      expect json $.items[3].name == "{{cheap}}"
      expect json $.items[0, 0].id == [1, 1]
      capture ids json $.items[?@.price_cents > 1500].id
      expect json $.items[0:2].id == {{ids}}
      """)
    #expect(events.errors.isEmpty, "\(events.errors)")
    #expect(events.expectations.map(\.passed) == Array(repeating: true, count: 10), "\(events.expectations)")
  }

  @Test("a path the RFC calls invalid is a parse error at its column")
  func invalidPaths() throws {
    for (line, column) in [
      ("expect json $.items[?@.* == 1] present", 22), ("expect json $.items[?@.a == 01] present", 29),
    ] {
      do {
        _ = try SessionParser.parse(line, file: "t.gws")
        Issue.record("\(line) parsed")
      } catch {
        #expect(error.context.location.column == column, "\(line): \(error)")
      }
    }
  }
}
