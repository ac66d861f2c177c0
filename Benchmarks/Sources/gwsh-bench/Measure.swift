#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What a per-request measurement found, in seconds per request.
struct Timing: Sendable {
  /// The median over the rounds: the figure the table shows.
  var median: Double
  /// The fastest round: what the code costs when the shared machine leaves it alone.
  var fastest: Double
}

/// Times `body` the way the Python peers time themselves: `rounds` rounds of
/// `batch` calls each, after a warm-up; each round gives the time per call, and
/// the median round is the figure. A median over rounds, rather than a mean
/// over calls, keeps a round that another engineer's compile slowed from
/// deciding the result.
func measure(rounds: Int, batch: Int, warmUp: Int? = nil, _ body: () throws -> Void) rethrows -> Timing {
  for _ in 0..<(warmUp ?? min(batch, 200)) { try body() }
  var samples: [Double] = []
  for _ in 0..<rounds {
    let start = ContinuousClock.now
    for _ in 0..<batch { try body() }
    samples.append((ContinuousClock.now - start).seconds / Double(batch))
  }
  return Timing(median: median(samples), fastest: samples.min() ?? 0)
}

func median(_ values: [Double]) -> Double {
  let sorted = values.sorted()
  guard !sorted.isEmpty else { return 0 }
  let middle = sorted.count / 2
  return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

extension Duration {
  /// The duration in seconds, as a `Double`.
  var seconds: Double {
    let (seconds, attoseconds) = components
    return Double(seconds) + Double(attoseconds) / 1e18
  }
}

/// The process's peak resident set so far (`VmHWM`), in MiB.
func peakResidentMiB() -> Double {
  #if os(Linux)
    guard let file = fopen("/proc/self/status", "r") else { return 0 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
      let text = String(cString: line)
      if text.hasPrefix("VmHWM:") {
        let kib = text.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Double($0) }
        return (kib ?? 0) / 1024
      }
    }
    return 0
  #else
    var usage = rusage()
    getrusage(RUSAGE_SELF, &usage)
    return Double(usage.ru_maxrss) / (1024 * 1024)
  #endif
}

/// Formats figures for the table.
enum Format {
  static func microseconds(_ seconds: Double) -> String { fixed(seconds * 1e6, digits: seconds < 1e-5 ? 2 : 1) + " µs" }
  static func milliseconds(_ seconds: Double) -> String { fixed(seconds * 1e3, digits: 2) + " ms" }
  static func seconds(_ seconds: Double) -> String { fixed(seconds, digits: 3) + " s" }
  static func mebibytes(_ mib: Double) -> String { fixed(mib, digits: 1) + " MiB" }
  static func throughput(bytes: Int, seconds: Double) -> String {
    fixed(Double(bytes) / seconds / 1e9, digits: 2) + " GB/s"
  }
  static func ratio(_ value: Double) -> String { fixed(value, digits: value < 10 ? 2 : 1) + "×" }
  static func percent(_ value: Double) -> String { (value >= 0 ? "+" : "") + fixed(value * 100, digits: 1) + " %" }

  static func fixed(_ value: Double, digits: Int) -> String {
    guard value.isFinite else { return "–" }
    let scale = (0..<digits).reduce(1.0) { result, _ in result * 10 }
    let rounded = (abs(value) * scale).rounded()
    let whole = Int(rounded / scale)
    let fraction = Int(rounded.truncatingRemainder(dividingBy: scale))
    var text = (value < 0 ? "-" : "") + String(whole)
    if digits > 0 {
      let digitsText = String(fraction)
      text += "." + String(repeating: "0", count: digits - digitsText.count) + digitsText
    }
    return text
  }
}
