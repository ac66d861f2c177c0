import Gateway
import Testing

@testable import GatewayShell

/// One rule for how much of a body is shown, whether it streamed or not, to a terminal, a pipe or a file.
@Suite("How much of a body is shown")
struct OutputRuleTests {
  /// Streams `chunks` through a live view that prints as they come, then renders the end as the shell does.
  func streamed(_ contentType: String, _ chunks: [[UInt8]], screenLines: Int = 10) -> String {
    let output = CapturedOutput()
    let renderer = ExchangeRenderer(style: .plain, screenLines: screenLines)
    let live = LiveView(renderer: renderer, output: output, liveAfter: .seconds(3600))
    live.goLive()
    let done = Dispatcher().dispatch(
      Request(method: "GET", target: "/"), to: respond("200 OK", [("Content-Type", contentType)], chunks),
      observer: live)
    var rest = renderer
    rest.alreadyShown = live.finish().first ?? LiveProgress()
    rest.write(done, to: output)
    return output.contents
  }

  @Test("a body streamed without line feeds is cut after a screenful of bytes, saying how much is left")
  func streamedWithoutLineFeeds() {
    let text = streamed("text/plain", Array(repeating: Array(repeating: UInt8(ascii: "a"), count: 1000), count: 200))
    #expect(text.split(separator: "\n").map { $0.filter { $0 == "a" }.count }.max() == 1600)
    #expect(text.contains("a…\n"))
    #expect(text.contains("… 198.4 KB more of 200.0 KB not shown"))
  }

  @Test("a body streamed in many short lines is cut after a screenful of lines")
  func streamedLines() {
    let text = streamed("text/plain", (1...1250).map { Array("row \($0)\n".utf8) })
    #expect(text.contains("row 10\n"))
    #expect(!text.contains("row 11\n"))
    #expect(text.contains("not shown"))
  }

  @Test("application/octet-stream is a hex dump, streamed or not, even when its bytes look like text")
  func octetStream() {
    let chunks = Array(repeating: Array("plain words\n".utf8), count: 100)
    let live = streamed("application/octet-stream", chunks)
    #expect(live.contains("00000000  70 6c 61 69 6e 20 77 6f  72 64 73 0a 70 6c 61 69  |plain words.plai|"))
    #expect(live.contains("00000090  "))
    #expect(!live.contains("000000a0  "))
    let whole = rendered(exchange(respond("200 OK", [("Content-Type", "application/octet-stream")], chunks)))
    #expect(whole.contains("00000000  70 6c 61 69 6e 20 77 6f  72 64 73 0a 70 6c 61 69  |plain words.plai|"))
  }

  @Test("what is left out is counted exactly when rounding would make it look like the whole")
  func leftOutIsNeverTheWhole() {
    #expect(Measures.part(5_199_000, of: 5_200_000) == "5,199,000 more bytes of 5,200,000")
    #expect(Measures.part(4_000, of: 5_200_000) == "4.0 KB more of 5.2 MB")
    let body = Array(repeating: Array(repeating: UInt8(ascii: "b"), count: 65_536), count: 80)
    let text = rendered(exchange(respond("200 OK", [("Content-Type", "text/plain")], body)), screenLines: 10)
    #expect(text.contains("… 5,241,280 more bytes of 5,242,880 not shown"))
  }

  @Test("durations read as milliseconds with a tenth below 10 ms, whole ones below a second, then seconds")
  func durations() {
    let cases: [(Duration, String)] = [
      (.zero, "0.0 ms"), (.microseconds(40), "0.0 ms"), (.microseconds(50), "0.1 ms"), (.microseconds(449), "0.4 ms"),
      (.microseconds(3_250), "3.3 ms"), (.microseconds(9_949), "9.9 ms"), (.microseconds(9_960), "10.0 ms"),
      (.milliseconds(10), "10 ms"), (.microseconds(12_500), "13 ms"), (.microseconds(999_400), "999 ms"),
      (.microseconds(999_600), "1000 ms"), (.milliseconds(1_520), "1.52 s"), (.seconds(61), "61.0 s"),
      // A clock stepped back is shown as it is, not as "-1.-5".
      (.microseconds(-1_500), "-1.5 ms"), (.microseconds(-400), "-0.4 ms"),
    ]
    for (duration, shown) in cases { #expect(Measures.duration(duration) == shown, "\(duration)") }
  }

  @Test("sizes read as bytes below 1000, then KB, MB and GB with a tenth; a count of more than one takes an s")
  func sizesAndCounts() {
    let sizes: [(Int, String)] = [
      (0, "0 B"), (999, "999 B"), (1_000, "1.0 KB"), (12_449, "12.4 KB"), (12_450, "12.5 KB"),
      (3_100_000, "3.1 MB"), (999_949, "999.9 KB"), (7_200_000_000, "7.2 GB"), (5_000_000_000_000_000, "5000.0 TB"),
    ]
    for (count, shown) in sizes { #expect(Measures.bytes(count) == shown, "\(count)") }
    #expect(Measures.count(0, "chunk") == "0 chunks")
    #expect(Measures.count(1, "chunk") == "1 chunk")
    #expect(Measures.count(12, "warning") == "12 warnings")
  }

  @Test("an empty body says no body, and one chunk is a chunk")
  func summaryWording() {
    let empty = rendered(exchange(respond("204 No Content", [], [])))
    #expect(empty.contains(" · no body"))
    #expect(!empty.contains("chunks"))
    let one = rendered(exchange(respond("200 OK", [("Content-Type", "text/plain")], [bytes("x")])))
    #expect(one.contains("body 1 B in 1 chunk"))
  }
}
