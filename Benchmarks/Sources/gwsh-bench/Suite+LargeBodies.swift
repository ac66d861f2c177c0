import Foundation
import JSON

#if canImport(Glibc)
  import Glibc
#endif

/// Large bodies shown whole (issue 18): a 30 MB JSON document laid out pretty
/// beside `jq .` and `python -m json.tool`, a 30 MB text chunk printed beside
/// `cat -v`, to a file and to a pipe; and the JSON layout and writer alone.
///
/// Each figure is CPU time (user and system, from `wait4`, or the thread's own
/// clock in-process) beside wall time: on a shared host whose load average
/// runs past the core count, a run's wall time is mostly waiting for a core,
/// and ratios of CPU time are what stays comparable between gwsh and its peer.
extension Suite {
  // MARK: A large JSON body

  /// A 30 MB JSON document, served as one chunk by `apps.file_body`, shown
  /// whole (`show response --full`), to a file and to a pipe, beside `jq .`
  /// and `python -m json.tool` writing the same document indented.
  mutating func largeJSON() throws {
    let directory = temporaryDirectory()
    let document = directory + "/large.json"
    let size = Int(peer(["make-json", document, "\(settings.largeBodySize)"])["bytes"]!)
    let output = directory + "/shown.txt"
    var shownToFile: [ShowRuns] = []
    var shownToPipe: [ShowRuns] = []
    var jq: [Cost] = []
    var jqToPipe: [Cost] = []
    var tool: [Cost] = []
    var lines = 0
    for _ in 0..<settings.rounds(3) {
      shownToFile.append(showWhole(document, output: output))
      lines = Self.lineCount(output)
      shownToPipe.append(showWhole(document, output: nil))
      jq.append(timed(["/usr/bin/jq", ".", document], stdoutPath: output))
      jqToPipe.append(timed(["/usr/bin/jq", ".", document], stdoutPath: nil))
      tool.append(timed([settings.python, "-m", "json.tool", document], stdoutPath: output))
    }
    try? FileManager.default.removeItem(atPath: output)
    // Pretty means one line per member or element at least, not the document on one line.
    let pretty = lines > 100_000
    for (shown, peer, destination) in [(shownToFile, jq, "a file"), (shownToPipe, jqToPipe, "a pipe")] {
      let gwsh = Cost.shown(shown)
      let jq = Cost.fastest(peer)
      table.add(
        Row(
          benchmark: "a \(size / 1_000_000) MB JSON body shown whole (show response --full, to \(destination))",
          gwsh: gwsh.described + ", peak " + Format.mebibytes(gwsh.peakMiB)
            + (pretty ? ", pretty" : ", **not pretty**") + " (\(lines) lines)",
          peer: "jq . (to \(destination))", peerFigure: jq.described, ratio: Format.ratio(jq.cpu / gwsh.cpu),
          goal: "pretty, ≥ 2× faster than jq, peak ≤ 100 MiB",
          holds: pretty && jq.cpu / gwsh.cpu >= 2 && gwsh.peakMiB <= 100))
    }
    let gwsh = Cost.shown(shownToFile)
    let python = Cost.fastest(tool)
    table.add(
      Row(
        benchmark: "  the same document, to a file", gwsh: gwsh.described, peer: "python -m json.tool (to a file)",
        peerFigure: python.described, ratio: Format.ratio(python.cpu / gwsh.cpu), goal: "", holds: nil))
    let layout = try layoutRate(document)
    try? FileManager.default.removeItem(atPath: document)
    let jqRate = Double(size) / Cost.fastest(jq).cpu
    table.add(
      Row(
        benchmark: "  the pretty-printer alone (JSONLayout.Stream, in-process, 1 MiB pieces read from the file)",
        gwsh: Format.fixed(layout / 1e6, digits: 0) + " MB/s", peer: "jq . (to a file)",
        peerFigure: Format.fixed(jqRate / 1e6, digits: 0) + " MB/s", ratio: Format.ratio(layout / jqRate),
        goal: "≥ 500 MB/s", holds: layout >= 500e6))
    let writer = writerRate(size: size)
    table.add(
      Row(
        benchmark:
          "  the JSON writer alone (JSONPrettyWriter, as the echo app writes; records like the document's,"
          + " streamed in 1 MiB pieces)",
        gwsh: Format.fixed(writer / 1e6, digits: 0) + " MB/s written", peer: "", peerFigure: "", ratio: "",
        goal: "≥ 500 MB/s", holds: writer >= 500e6))
  }

  /// The pretty-printer's rate on `path`, read in 1 MiB pieces and laid out
  /// piece by piece as a streamed body is, each piece's layout lent from one
  /// buffer (the best of three passes, on the thread's CPU clock).
  func layoutRate(_ path: String) throws -> Double {
    guard let file = fopen(path, "r") else { throw CocoaError(.fileNoSuchFile) }
    defer { fclose(file) }
    var best = Double.infinity
    var size = 0
    var piece = [UInt8](repeating: 0, count: 1 << 20)
    for _ in 0..<3 {
      rewind(file)
      var stream = JSONLayout.Stream()
      var written = 0
      size = 0
      let start = Self.threadCPU()
      while true {
        let count = fread(&piece, 1, piece.count, file)
        if count == 0 { break }
        size += count
        let fine = piece.withUnsafeBufferPointer {
          stream.feed(UnsafeBufferPointer(rebasing: $0[..<count])) { written += $0.count }
        }
        precondition(fine, "the document did not lay out")
      }
      precondition(stream.finish { written += $0.count } && written > size, "the document did not lay out")
      best = min(best, Self.threadCPU() - start)
    }
    return Double(size) / best
  }

  /// The JSON writer's rate (`JSONPrettyWriter`, as the echo app writes): a
  /// document of `size` bytes or more, records like the large document's, written
  /// indented and streamed, handed out a megabyte at a time (the best of three
  /// passes, on the thread's CPU clock), in bytes written a second.
  func writerRate(size: Int) -> Double {
    var best = Double.infinity
    var written = 0
    for _ in 0..<3 {
      let start = Self.threadCPU()
      var writer = JSONPrettyWriter(capacity: 1 << 20)
      written = 0
      writer.openObject()
      writer.name("items")
      writer.openArray()
      var number = 0
      while written < size {
        if writer.count >= 1 << 20 { writer.flush { written += $0.count } }
        Self.writeRecord(number, to: &writer)
        number += 1
      }
      writer.closeArray()
      writer.closeObject()
      written += writer.finish().count
      best = min(best, Self.threadCPU() - start)
    }
    return Double(written) / best
  }

  /// One record of the writer's document, like the large document's: the writer row and
  /// `gwsh-bench profile writer` write the same one.
  static func writeRecord(_ number: Int, to writer: inout JSONPrettyWriter) {
    writer.openObject()
    writer.name("id")
    writer.integer(number)
    writer.name("name")
    writer.string("widget")
    writer.name("in_stock")
    writer.bool(true)
    writer.name("tags")
    writer.openArray()
    for tag in ["a", "b", "c"] { writer.string(tag) }
    writer.closeArray()
    writer.name("description")
    writer.string("A widget with a \"quoted\" name, café and a tab\there, and a longer text after it.")
    writer.closeObject()
  }

  // MARK: A large text chunk

  /// A 30 MB text body of log lines, served as one chunk, printed whole to a
  /// regular file and to a pipe; beside `cat -v`, the plainest terminal-safe printer.
  mutating func largeChunk() throws {
    let directory = temporaryDirectory()
    let text = directory + "/large.txt"
    let size = Int(peer(["make-text", text, "\(settings.largeBodySize)"])["bytes"]!)
    let output = directory + "/printed.txt"
    var toFile: [ShowRuns] = []
    var toPipe: [ShowRuns] = []
    var cat: [Cost] = []
    var catToPipe: [Cost] = []
    // The printing is a small part of each run (the worker's start and the transfer are the rest), so
    // more rounds than the JSON rows: five pairs of runs cost about three seconds.
    for _ in 0..<settings.rounds(5) {
      toFile.append(showWhole(text, output: output))
      toPipe.append(showWhole(text, output: nil))
      cat.append(timed(["/bin/cat", "-v", text], stdoutPath: output))
      catToPipe.append(timed(["/bin/cat", "-v", text], stdoutPath: nil))
    }
    try? FileManager.default.removeItem(atPath: output)
    try? FileManager.default.removeItem(atPath: text)
    for (shown, peer, destination) in [(toFile, cat, "a file"), (toPipe, catToPipe, "a pipe")] {
      let gwsh = Cost.shown(shown)
      let cat = Cost.fastest(peer)
      let rate = Double(size) / gwsh.cpu
      table.add(
        Row(
          benchmark: "one \(size / 1_000_000) MB text chunk printed whole to \(destination) (show response --full)",
          gwsh: Format.fixed(rate / 1e6, digits: 0) + " MB/s (" + gwsh.described + "), peak "
            + Format.mebibytes(gwsh.peakMiB),
          peer: "cat -v (to \(destination))",
          peerFigure: Format.fixed(Double(size) / cat.cpu / 1e6, digits: 0) + " MB/s (" + cat.described + ")",
          ratio: Format.ratio(cat.cpu / gwsh.cpu), goal: "≥ 500 MB/s, peak ≤ 100 MiB",
          holds: rate >= 500e6 && gwsh.peakMiB <= 100))
    }
  }

  // MARK: Helpers

  /// What a run cost: its CPU time and wall time in seconds, and its peak resident set.
  struct Cost {
    var cpu: Double
    var wall: Double
    var peakMiB: Double

    /// `0.123 s CPU (0.456 s wall)`.
    var described: String { Format.seconds(cpu) + " CPU (" + Format.seconds(wall) + " wall)" }

    /// The fastest of the runs (CPU and wall time each), with the highest peak: on a shared
    /// host a run is only ever slowed by what else runs, so the fastest is the nearest to its cost.
    static func fastest(_ costs: [Cost]) -> Cost {
      Cost(
        cpu: costs.map(\.cpu).min() ?? 0, wall: costs.map(\.wall).min() ?? 0, peakMiB: costs.map(\.peakMiB).max() ?? 0)
    }

    /// What showing the body once cost: the slope between the fastest run that showed it
    /// ``Suite/showings`` times and the fastest that showed it once. A run that showed it less one
    /// that only sent it held the noise of both runs, which could be larger than the printing
    /// itself (the 30 MB chunk's rounds ranged from 355 to 1241 MB/s).
    static func shown(_ runs: [ShowRuns]) -> Cost {
      let shown = fastest(runs.map(\.shown))
      let once = fastest(runs.map(\.once))
      let more = Double(Suite.showings - 1)
      return Cost(
        cpu: max(0, shown.cpu - once.cpu) / more, wall: max(0, shown.wall - once.wall) / more,
        peakMiB: shown.peakMiB)
    }
  }

  /// A run that showed a body whole several times, and one that showed it once.
  struct ShowRuns {
    var shown: Cost
    var once: Cost
  }

  /// How many times the measured run shows the body: the cost of one showing is the slope between
  /// a run that shows it this many times and one that shows it once, so the worker's start and the
  /// transfer, in both runs, cancel out, and the printing is several times the runs' noise.
  static let showings = 5

  /// A run of `show response --full` (``showings`` times) of the body `apps.file_body` serves
  /// from `path`, with its peak, and a run that shows it once, whose slope ``Cost/shown(_:)`` takes.
  /// The output goes to the file `output`, or with `nil` to a pipe the bench drains.
  func showWhole(_ path: String, output: String?) -> ShowRuns {
    let directory = temporaryDirectory()
    let request = "GET /?\(path)\n"
    let showOnce = directory + "/show-once.txt"
    let showMany = directory + "/show-many.txt"
    let show = "show response --full\n"
    FileManager.default.createFile(atPath: showOnce, contents: Data((request + show).utf8))
    FileManager.default.createFile(
      atPath: showMany, contents: Data((request + String(repeating: show, count: Self.showings)).utf8))
    let app = [settings.gwsh, "--python", settings.python, "python:apps:file_body"]
    // Linux starts a spawned child's peak at its parent's (the bench's) high-water mark; GNU time,
    // small itself, reports gwsh's own. Without it, the figure may include the bench's.
    let peakFile = directory + "/peak.txt"
    let measured = FileManager.default.isExecutableFile(atPath: "/usr/bin/time")
    let shown = CommandRun.run(
      (measured ? ["/usr/bin/time", "-f", "%M", "-o", peakFile] : []) + app, environment: shellEnvironment(),
      stdinPath: showMany, stdoutPath: output, keepOutput: false)
    precondition(shown.status == 0, "gwsh python:apps:file_body < show-many failed")
    let once = CommandRun.run(
      (measured ? ["/usr/bin/time", "-f", "%M", "-o", peakFile + ".once"] : []) + app,
      environment: shellEnvironment(), stdinPath: showOnce, stdoutPath: output, keepOutput: false)
    precondition(once.status == 0, "gwsh python:apps:file_body < show-once failed")
    try? FileManager.default.removeItem(atPath: directory + "/state")
    let peak =
      measured
      ? (try? String(contentsOfFile: peakFile, encoding: .utf8)).flatMap { Double($0.filter(\.isNumber)) }.map {
        $0 / 1024
      } : nil
    return ShowRuns(
      shown: Cost(cpu: shown.cpu, wall: shown.wall.seconds, peakMiB: peak ?? shown.peakMiB),
      once: Cost(cpu: once.cpu, wall: once.wall.seconds, peakMiB: once.peakMiB))
  }

  /// What one run of `argv` costs, its output sent to the file `stdoutPath` or, with `nil`, to a pipe.
  func timed(_ argv: [String], stdoutPath: String?) -> Cost {
    let result = CommandRun.run(argv, stdoutPath: stdoutPath, keepOutput: false)
    precondition(result.status == 0, "\(argv.joined(separator: " ")) failed")
    return Cost(cpu: result.cpu, wall: result.wall.seconds, peakMiB: result.peakMiB)
  }

  /// The calling thread's CPU time, in seconds.
  static func threadCPU() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }

  static func lineCount(_ path: String) -> Int {
    guard let file = fopen(path, "r") else { return 0 }
    defer { fclose(file) }
    var lines = 0
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = fread(&buffer, 1, buffer.count, file)
      if count == 0 { break }
      for index in 0..<count where buffer[index] == 0x0A { lines += 1 }
    }
    return lines
  }
}
