import AppLoaders
import Gateway

/// One large-body dispatch, run in a child process of its own so that the peak
/// resident memory it reports (`VmHWM`) belongs to that dispatch alone.
///
/// The dispatch keeps what the core keeps by default: a 1 MiB head of the body
/// in memory, and its size and SHA-256 over all of it.
struct BodyBenchmark {
  var kind: String
  var direction: String
  var size: Int
  var python: String
  var peers: String

  /// Runs the dispatch and returns the JSON object the parent reads.
  func run() throws -> String {
    let loader = AppLoader(options: LoadOptions(workingDirectory: peers, python: python))
    let app: any Application
    var shutdown: () -> Void = {}
    switch (kind, direction) {
    case ("native", "response"): app = ZerosApp()
    case ("native", _): app = CountApp()
    case ("bridge", let direction):
      let loaded = try loader.load(
        AppSpec(parsing: direction == "response" ? "python:apps:big_response" : "python:apps:big_request"))
      app = loaded.app
      shutdown = loaded.shutdown
    case ("cgi", let direction):
      let loaded = try loader.load(
        AppSpec(parsing: "cgi:" + peers + (direction == "response" ? "/zeros.cgi" : "/count.cgi")))
      app = loaded.app
    default:
      fatalError("unknown body benchmark \(kind) \(direction)")
    }
    defer { shutdown() }
    let size = self.size
    let request =
      direction == "response"
      ? Request(target: "/?\(size)")
      : Request(method: "POST", target: "/", body: .stream(count: size, open: { ZeroSource(left: size) }))
    let dispatcher = Dispatcher(limits: DispatchLimits(timeout: .seconds(600)))
    let start = ContinuousClock.now
    let exchange = dispatcher.dispatch(request, to: app)
    let seconds = (ContinuousClock.now - start).seconds
    precondition(exchange.outcome.isCompleted, "the \(kind) \(direction) body did not complete: \(exchange.outcome)")
    if direction == "response" {
      precondition(exchange.body.byteCount == size, "the response held \(exchange.body.byteCount) bytes")
    } else {
      let answer = String(decoding: exchange.body.head, as: UTF8.self).filter { !$0.isWhitespace }
      precondition(answer == String(size), "the app read \(answer) bytes of \(size)")
    }
    return "{\"seconds\": \(seconds), \"bytes\": \(size), \"peak_rss_mib\": \(peakResidentMiB())}"
  }
}
