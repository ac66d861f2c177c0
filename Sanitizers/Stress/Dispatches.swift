import Dispatch
import Gateway
import Platform

/// Watched dispatches from three threads at once, as `gwsh run --jobs` makes them, sharing one
/// dispatcher (and its validation memo): quick apps handed to a waiting thread, apps that read
/// their input and stream a body past the in-memory head into a spill with an observer watching,
/// apps abandoned while stuck and which go on calling the gateway afterwards, apps cancelled from
/// another thread mid-stream, and apps that raise.
enum DispatchStress {
  enum Kind: CaseIterable {
    case quick, streaming, abandoned, cancelled, raising
  }

  static func run(for duration: Duration) -> String {
    let shared = Dispatcher(
      limits: DispatchLimits(
        timeout: .seconds(20), capture: CaptureLimits(headLimit: 4096, makeSpill: { MemorySpill() })))
    let counts = Mutex<[Kind: Int]>([:])
    let end = ContinuousClock.now + duration
    onThreads(3) { _ in
      var random = SystemRandomNumberGenerator()
      while ContinuousClock.now < end {
        let kind = Kind.allCases.randomElement(using: &random)!
        dispatch(kind, with: shared, random: &random)
        counts.withLock { $0[kind, default: 0] += 1 }
      }
    }
    let done = counts.withLock { $0 }
    return "\(done.values.reduce(0, +)) dispatches ("
      + Kind.allCases.map { "\(done[$0] ?? 0) \($0)" }.joined(separator: ", ") + ")"
  }

  static func dispatch(_ kind: Kind, with shared: Dispatcher, random: inout SystemRandomNumberGenerator) {
    switch kind {
    case .quick:
      let exchange = shared.dispatchWatched(
        Request(target: "/quick?n=1"),
        to: ClosureApplication { _, start in
          try start("200 OK", [("Content-Type", "text/plain")])
          return ChunkedBody("hello\n")
        })
      Check.that(exchange.outcome == .completed && exchange.body.byteCount == 6, "quick: \(exchange.outcome)")

    case .streaming:
      let chunks = Int.random(in: 1...40, using: &random)
      let input = [UInt8](repeating: UInt8(ascii: "x"), count: Int.random(in: 0...20_000, using: &random))
      let observer = CountingObserver()
      let app = ClosureApplication { environ, start in
        var read = 0
        while true {
          let block = try environ.input!.read(Int.random(in: 1...5000))
          if block.isEmpty { break }
          read += block.count
        }
        environ.errors!.write("read \(read)\n")
        try start("200 OK", [("Content-Type", "application/octet-stream")])
        var left = chunks
        return StreamingBody(next: {
          guard left > 0 else { return nil }
          left -= 1
          return [UInt8](repeating: UInt8(truncatingIfNeeded: left), count: 1000)
        })
      }
      let exchange = shared.dispatchWatched(
        Request(method: "POST", target: "/stream", body: .bytes(input)), to: app, observer: observer)
      let expected = chunks * 1000
      Check.that(exchange.outcome == .completed, "streaming: \(exchange.outcome)")
      Check.that(exchange.body.byteCount == expected, "streaming: \(exchange.body.byteCount) of \(expected) bytes")
      Check.that(exchange.inputBytesRead == input.count, "streaming: read \(exchange.inputBytesRead) of \(input.count)")
      Check.that(observer.bytes == expected, "streaming: the observer saw \(observer.bytes) of \(expected) bytes")
      let spilled = (exchange.body.spill as? MemorySpill)?.bytes ?? 0
      Check.that(spilled == (expected > 4096 ? expected : 0), "streaming: \(spilled) bytes spilled of \(expected)")

    case .abandoned:
      // Stuck outside the gateway past the deadline and the grace, then back, calling it again.
      var limits = shared.limits
      limits.timeout = .milliseconds(5)
      var dispatcher = shared
      dispatcher.limits = limits
      let stuck = Duration.milliseconds(Int.random(in: 20...40, using: &random))
      let app = ClosureApplication { environ, start in
        try start("200 OK", [("Content-Type", "text/plain")])
        var step = 0
        return StreamingBody(next: {
          step += 1
          if step == 2 { Threads.sleep(for: stuck) }
          environ.errors!.write("step \(step)\n")
          return step < 50 ? Array("chunk \(step)\n".utf8) : nil
        })
      }
      let exchange = dispatcher.dispatchWatched(Request(target: "/stuck"), to: app, grace: .milliseconds(5))
      guard case .stopped = exchange.outcome else {
        Check.that(false, "abandoned: \(exchange.outcome)")
        return
      }
      // The exchange handed out is a copy: the app, still running, must not change it.
      let bytes = exchange.body.byteCount
      let diagnostics = exchange.diagnostics.count
      let until = ContinuousClock.now + stuck + .milliseconds(10)
      while ContinuousClock.now < until {
        Check.that(exchange.body.byteCount == bytes, "abandoned: the exchange changed after it was handed out")
        Check.that(exchange.diagnostics.count == diagnostics, "abandoned: its diagnostics changed")
        Threads.sleep(for: .milliseconds(1))
      }

    case .cancelled:
      let flag = CancellationFlag()
      var dispatcher = shared
      dispatcher.limits.cancellation = flag
      let delay = Duration.microseconds(Int.random(in: 0...3000, using: &random))
      Check.that(
        Threads.startDetached {
          Threads.sleep(for: delay)
          flag.cancel()
        }, "cancelled: no thread for the canceller")
      let app = ClosureApplication { _, start in
        try start("200 OK", [("Content-Type", "text/plain")])
        return StreamingBody(next: { Array("more\n".utf8) })
      }
      let exchange = dispatcher.dispatchWatched(Request(target: "/forever"), to: app)
      Check.that(exchange.outcome == .stopped(.cancelled), "cancelled: \(exchange.outcome)")

    case .raising:
      let afterHeaders = Bool.random(using: &random)
      let app = ClosureApplication { _, start in
        if afterHeaders {
          try start("200 OK", [("Content-Type", "text/plain")])
          var sent = false
          return StreamingBody(next: {
            guard !sent else { throw Failure() }
            sent = true
            return Array("partial\n".utf8)
          })
        }
        throw Failure()
      }
      let exchange = shared.dispatchWatched(Request(target: "/raise"), to: app)
      if afterHeaders {
        Check.that(exchange.statusCode == 200, "raising: status \(String(describing: exchange.statusCode))")
        guard case .failedAfterHeaders = exchange.outcome else {
          return Check.that(false, "raising after headers: \(exchange.outcome)")
        }
      } else {
        Check.that(exchange.statusCode == 500, "raising: status \(String(describing: exchange.statusCode))")
        guard case .failedBeforeHeaders = exchange.outcome else {
          return Check.that(false, "raising before headers: \(exchange.outcome)")
        }
      }
    }
  }

  struct Failure: Error {}
}

/// Counts the body bytes a dispatch streams to it, from the app's thread.
final class CountingObserver: ExchangeObserver {
  private let counted = Mutex(0)
  var bytes: Int { counted.withLock { $0 } }
  func headersSent(status: String, headers: [HeaderField]) {}
  func bodySent(_ bytes: [UInt8]) { counted.withLock { $0 += bytes.count } }
}

/// A spill in memory: counts what it is given, as the shell's file spill writes it.
final class MemorySpill: BodySpill {
  private let counted = Mutex(0)
  var bytes: Int { counted.withLock { $0 } }
  func append(_ bytes: ArraySlice<UInt8>) throws { counted.withLock { $0 += bytes.count } }
}
