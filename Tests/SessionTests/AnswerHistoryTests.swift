import Testing

@testable import Session

@Suite("The answers show diff compares")
struct AnswerHistoryTests {
  static func answer(_ text: String) -> RecordedResponse { RecordedResponse(text: text) }

  @Test("the earlier answer to the same request is found among the last 256, and not past them")
  func countBound() {
    var history = AnswerHistory()
    history.record(Self.answer("expect status 200 OK\n"), method: "GET", target: "/a")
    for index in 0..<255 { history.record(Self.answer("\(index)\n"), method: "GET", target: "/b\(index)") }
    history.record(Self.answer("expect status 404 Not Found\n"), method: "GET", target: "/a")
    #expect(history.latest?.previous?.number == 1)
    #expect(history.latest?.answer.number == 257)
    for index in 0..<400 { history.record(Self.answer("\(index)\n"), method: "GET", target: "/c\(index)") }
    history.record(Self.answer("expect status 200 OK\n"), method: "GET", target: "/a")
    #expect(history.latest?.previous == nil, "sent 401 answers ago: let go")
    // Another method or target is another request.
    history.record(Self.answer("x\n"), method: "POST", target: "/a")
    #expect(history.latest?.previous == nil)
  }

  @Test("at most 4 MiB of answers are kept, the newest whatever its size")
  func byteBound() {
    var history = AnswerHistory()
    let large = String(repeating: "x", count: 3 << 20)
    history.record(Self.answer(large), method: "GET", target: "/big")
    history.record(Self.answer(large), method: "GET", target: "/big")
    #expect(history.latest?.previous == nil, "two of them pass the bound: the older goes")
    history.record(Self.answer(String(repeating: "y", count: 9 << 20)), method: "GET", target: "/huge")
    #expect(history.latest?.answer.recorded.text.utf8.count == 9 << 20)
  }
}
