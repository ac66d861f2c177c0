import Gateway
import Session
import Testing

@Suite("The session engine against the built-in apps")
struct EngineTests {
  @Test("a request line dispatches to the loaded app and expectations check the response")
  func requestAndExpect() throws {
    let events = try run(
      """
      load demo
      GET /api/items?limit=2
      expect status 200
      expect header Content-Type: application/json
      expect json $.count == 2
      expect json $.items[-1].name == "kettle"
      expect status 404
      """)
    #expect(events.errors.isEmpty)
    #expect(events.dispatches.count == 1)
    #expect(events.expectations.map(\.passed) == [true, true, true, true, false])
    #expect(events.expectations.last?.actual == "200 OK")
  }
}
