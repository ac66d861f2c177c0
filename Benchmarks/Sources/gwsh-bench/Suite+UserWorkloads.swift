import AppLoaders
import Foundation
import Gateway
import JSON
import Session

/// The workloads users feel (issue 18): the built-in `echo` app, a Flask app,
/// pipe mode with rendering and the journal, a large JSON body shown whole, a
/// large text chunk printed, and a Flask app's start-up, each beside the
/// Python or Unix tool a user would reach for instead.
extension Suite {
  // MARK: The echo app, replayed

  /// A session of `GET /` to the built-in `echo` app (a JSON document of the
  /// environ, about 600 bytes) against Werkzeug's client on `apps.echo`, which
  /// writes the same document from Python.
  mutating func echoReplay() throws {
    let count = settings.sessionRequests
    let (gwsh, werkzeug) = try replayAgainstWerkzeug(app: "echo", peer: ["session", "\(count)", "apps:echo"])
    table.add(
      Row(
        benchmark: "replay \(count) requests to the built-in echo app (gwsh run, a 600 B JSON document each)",
        gwsh: Format.seconds(gwsh) + " (" + Format.microseconds(gwsh / Double(count)) + " a request)",
        peer: "Werkzeug test client, apps.echo writing the same document", peerFigure: Format.seconds(werkzeug),
        ratio: Format.ratio(werkzeug / gwsh), goal: "≥ 30× faster", holds: werkzeug / gwsh >= 30))
  }

  // MARK: A Flask app through the bridge

  /// `GET /items` (jsonify) on `flask_app.app`: through gwsh's bridge, through
  /// Werkzeug's client in-process, and called directly with a prebuilt environ;
  /// gwsh's own cost is its time minus the direct call's.
  mutating func flask() throws {
    let loader = AppLoader(options: LoadOptions(workingDirectory: settings.peers, python: settings.python))
    let loaded = try loader.load(AppSpec(parsing: "python:flask_app:app"))
    defer { loaded.shutdown() }
    let dispatcher = Dispatcher()
    let request = Request(target: "/items")
    var gwshSamples: [Double] = []
    var werkzeugSamples: [Double] = []
    var directSamples: [Double] = []
    // Each side in turn, a few times over, so that all three see the same load.
    for _ in 0..<settings.rounds(3) {
      gwshSamples.append(
        measure(rounds: settings.rounds(3), batch: 500) {
          let exchange = dispatcher.dispatchWatched(request, to: loaded.app)
          precondition(exchange.status == "200 OK" && exchange.body.byteCount > 0)
        }.median)
      werkzeugSamples.append(
        peer(["client", "\(settings.rounds(3))", "500", "flask_app:app", "/items"])["median_us"]! / 1e6)
      directSamples.append(
        peer(["call", "\(settings.rounds(3))", "500", "flask_app:app", "/items"])["median_us"]! / 1e6)
    }
    let gwsh = median(gwshSamples)
    let werkzeug = median(werkzeugSamples)
    let direct = median(directSamples)
    let ratio = werkzeug / gwsh
    table.add(
      Row(
        benchmark: "Flask app through the bridge (python:flask_app:app, GET /items, jsonify; per request)",
        gwsh: Format.microseconds(gwsh), peer: "Werkzeug test client, the same app in-process",
        peerFigure: Format.microseconds(werkzeug), ratio: Format.ratio(ratio), goal: "≥ 1.6× faster",
        holds: ratio >= 1.6))
    table.add(
      Row(
        benchmark: "  gwsh's own cost on that request: its time minus the direct call's",
        gwsh: Format.microseconds(gwsh - direct), peer: "Flask called directly, environ prebuilt (its own time)",
        peerFigure: Format.microseconds(direct), ratio: "", goal: "≤ 20 µs", holds: gwsh - direct <= 20e-6))
  }

  // MARK: Pipe mode

  /// `gwsh echo < file` of `GET /` lines, output to a file: every response
  /// rendered as at the prompt and journaled; beside a Python loop printing each
  /// Werkzeug response pretty. Peak memory at two lengths gives its growth.
  mutating func pipeMode() throws {
    let directory = temporaryDirectory()
    let output = directory + "/pipe-output.txt"
    func commands(_ count: Int) throws -> String {
      let path = directory + "/pipe-\(count).txt"
      try String(repeating: "GET /\n", count: count).write(toFile: path, atomically: true, encoding: .utf8)
      return path
    }
    let count = settings.pipeRequests
    let long = settings.pipeMemoryRequests
    let shortFile = try commands(count)
    var gwshSamples: [Double] = []
    var pythonSamples: [Double] = []
    var shortPeak = 0.0
    for _ in 0..<settings.rounds(3) {
      let run = runShell(["echo"], stdinPath: shortFile, stdoutPath: output)
      precondition(run.status == 0, "gwsh echo < file failed")
      gwshSamples.append(run.wall.seconds / Double(count))
      shortPeak = max(shortPeak, run.peakMiB)
      let python = peer(["print-loop", "\(count)", "apps:echo", output])
      pythonSamples.append(python["seconds"]! / Double(count))
    }
    let longRun = runShell(["echo"], stdinPath: try commands(long), stdoutPath: output)
    precondition(longRun.status == 0, "gwsh echo < file failed")
    try? FileManager.default.removeItem(atPath: output)
    let gwsh = median(gwshSamples)
    let python = median(pythonSamples)
    let ratio = python / gwsh
    table.add(
      Row(
        benchmark:
          "pipe mode: gwsh echo < file of \(count) GET lines, each rendered and journaled, to a file (per request)",
        gwsh: Format.microseconds(gwsh) + " (\(long): " + Format.microseconds(longRun.wall.seconds / Double(long))
          + ")",
        peer: "Python loop printing each Werkzeug response pretty (apps.echo), to a file",
        peerFigure: Format.microseconds(python), ratio: Format.ratio(ratio), goal: "≤ 30 µs and ≥ 3× faster",
        holds: gwsh <= 30e-6 && ratio >= 3))
    let growth = (longRun.peakMiB - shortPeak) * 1024 * 1024 / Double(long - count)
    let atMillion = longRun.peakMiB + growth * Double(1_000_000 - long) / (1024 * 1024)
    table.add(
      Row(
        benchmark: "  pipe mode's peak memory at \(count) and \(long) requests (1,000,000 extrapolated)",
        gwsh: Format.mebibytes(shortPeak) + " / " + Format.mebibytes(longRun.peakMiB) + ", "
          + Format.fixed(growth, digits: 0) + " B a request (" + Format.mebibytes(atMillion) + ")",
        peer: "", peerFigure: "", ratio: "", goal: "1,000,000 under 64 MiB", holds: atMillion <= 64))
  }

  // MARK: Large bodies shown whole

  /// A 30 MB JSON document, served as one chunk by `apps.file_body`, shown
  /// whole (`show response --full`) with the output going to a file; beside
  /// `jq .` and `python -m json.tool` writing the same document indented.
  mutating func largeJSON() throws {
    let directory = temporaryDirectory()
    let document = directory + "/large.json"
    let size = Int(peer(["make-json", document, "\(settings.largeBodySize)"])["bytes"]!)
    let output = directory + "/shown.txt"
    var gwshSamples: [Double] = []
    var jqSamples: [Double] = []
    var toolSamples: [Double] = []
    var peak = 0.0
    var lines = 0
    for _ in 0..<settings.rounds(3) {
      let shown = showWhole(document, output: output)
      gwshSamples.append(shown.seconds)
      peak = max(peak, shown.peakMiB)
      lines = Self.lineCount(output)
      jqSamples.append(timed(["/usr/bin/jq", ".", document], stdoutPath: output))
      toolSamples.append(timed([settings.python, "-m", "json.tool", document], stdoutPath: output))
    }
    try? FileManager.default.removeItem(atPath: output)
    let gwsh = median(gwshSamples)
    let jq = median(jqSamples)
    let tool = median(toolSamples)
    // Pretty means one line per member or element at least, not the document on one line.
    let pretty = lines > 100_000
    table.add(
      Row(
        benchmark: "a \(size / 1_000_000) MB JSON body shown whole (show response --full, to a file)",
        gwsh: Format.seconds(gwsh) + ", peak " + Format.mebibytes(peak) + (pretty ? ", pretty" : ", **not pretty**")
          + " (\(lines) lines)",
        peer: "jq . (to a file)", peerFigure: Format.seconds(jq), ratio: Format.ratio(jq / gwsh),
        goal: "pretty, ≥ 2× faster than jq, peak ≤ 100 MiB", holds: pretty && jq / gwsh >= 2 && peak <= 100))
    table.add(
      Row(
        benchmark: "  the same document", gwsh: Format.seconds(gwsh), peer: "python -m json.tool (to a file)",
        peerFigure: Format.seconds(tool), ratio: Format.ratio(tool / gwsh), goal: "", holds: nil))
    let layout = try layoutRate(document)
    try? FileManager.default.removeItem(atPath: document)
    table.add(
      Row(
        benchmark: "  the pretty-printer alone (JSONLayout.Stream, in-process, 1 MiB pieces read from the file)",
        gwsh: Format.fixed(layout / 1e6, digits: 0) + " MB/s", peer: "jq . (to a file)",
        peerFigure: Format.fixed(Double(size) / jq / 1e6, digits: 0) + " MB/s",
        ratio: Format.ratio(layout * jq / Double(size)),
        goal: "≥ 500 MB/s", holds: layout >= 500e6))
  }

  /// The pretty-printer's rate on `path`, read in 1 MiB pieces and laid out
  /// piece by piece as a streamed body is (the best of three passes).
  func layoutRate(_ path: String) throws -> Double {
    guard let file = fopen(path, "r") else { throw CocoaError(.fileNoSuchFile) }
    defer { fclose(file) }
    var best = Double.infinity
    var size = 0
    for _ in 0..<3 {
      rewind(file)
      var stream = JSONLayout.Stream()
      var piece = [UInt8](repeating: 0, count: 1 << 20)
      var written = 0
      size = 0
      let start = ContinuousClock.now
      while true {
        let count = fread(&piece, 1, piece.count, file)
        if count == 0 { break }
        size += count
        written += stream.feed(count == piece.count ? piece : Array(piece[..<count]))?.count ?? 0
      }
      written += stream.finish()?.count ?? 0
      precondition(written > size, "the document did not lay out")
      best = min(best, (ContinuousClock.now - start).seconds)
    }
    return Double(size) / best
  }

  /// A 30 MB text body of log lines, served as one chunk, printed whole to a
  /// regular file; beside `cat -v`, the plainest terminal-safe printer.
  mutating func largeChunk() throws {
    let directory = temporaryDirectory()
    let text = directory + "/large.txt"
    let size = Int(peer(["make-text", text, "\(settings.largeBodySize)"])["bytes"]!)
    let output = directory + "/printed.txt"
    var gwshSamples: [Double] = []
    var catSamples: [Double] = []
    var peak = 0.0
    for _ in 0..<settings.rounds(3) {
      let shown = showWhole(text, output: output)
      gwshSamples.append(shown.seconds)
      peak = max(peak, shown.peakMiB)
      catSamples.append(timed(["/bin/cat", "-v", text], stdoutPath: output))
    }
    try? FileManager.default.removeItem(atPath: output)
    try? FileManager.default.removeItem(atPath: text)
    let gwsh = median(gwshSamples)
    let cat = median(catSamples)
    let rate = Double(size) / gwsh
    table.add(
      Row(
        benchmark: "one \(size / 1_000_000) MB text chunk printed whole to a file (show response --full)",
        gwsh: Format.fixed(rate / 1e6, digits: 0) + " MB/s (" + Format.seconds(gwsh) + "), peak "
          + Format.mebibytes(peak),
        peer: "cat -v (to a file)", peerFigure: Format.fixed(Double(size) / cat / 1e6, digits: 0) + " MB/s",
        ratio: Format.ratio(cat / gwsh), goal: "≥ 500 MB/s, peak ≤ 100 MiB", holds: rate >= 500e6 && peak <= 100))
  }

  // MARK: A Flask app's start-up

  /// `gwsh run` of a file that loads `flask_app.app` and sends one request,
  /// against `python -c` importing the app and calling Werkzeug's client once.
  mutating func flaskStartUp() throws {
    let directory = temporaryDirectory()
    let file = directory + "/flask-one.gws"
    try "load python:flask_app:app\nGET /items\nexpect status 200\n".write(
      toFile: file, atomically: true, encoding: .utf8)
    let script =
      "import sys; sys.path.insert(0, sys.argv[1]); from werkzeug.test import Client; import flask_app; "
      + "assert Client(flask_app.app).get('/items').status_code == 200"
    let environment = shellEnvironment()
    var gwshSamples: [Double] = []
    var pythonSamples: [Double] = []
    for _ in 0..<settings.rounds(11) {
      let gwsh = CommandRun.run([settings.gwsh, "run", file], environment: environment)
      precondition(gwsh.status == 0, "gwsh run flask-one.gws failed: \(gwsh.text)")
      gwshSamples.append(gwsh.wall.seconds)
      let python = CommandRun.run([settings.python, "-c", script, settings.peers], environment: environment)
      precondition(python.status == 0, "the Flask start-up peer failed")
      pythonSamples.append(python.wall.seconds)
    }
    let gwsh = median(gwshSamples)
    let python = median(pythonSamples)
    table.add(
      Row(
        benchmark: "start, load a Flask app, one request, exit (gwsh run flask-one.gws)",
        gwsh: Format.milliseconds(gwsh), peer: "python -c: import the app and Werkzeug, one Client.get, exit",
        peerFigure: Format.milliseconds(python), ratio: Format.ratio(python / gwsh), goal: "within 1.1× of Python",
        holds: gwsh <= python * 1.1))
  }

  // MARK: Helpers

  /// The environment the shell runs in: its own state folder (the journal goes
  /// there), no terminal, and the real interpreter first on PATH with the peers
  /// importable, so `python:` apps load from `Benchmarks/peers`.
  func shellEnvironment() -> [String] {
    let directory = temporaryDirectory()
    let pythonFolder = (settings.python as NSString).deletingLastPathComponent
    return [
      "PATH=\(pythonFolder):/usr/local/bin:/usr/bin:/bin", "HOME=\(directory)",
      "XDG_STATE_HOME=\(directory)/state", "TERM=dumb", "PYTHONPATH=\(settings.peers)",
    ] + pythonEnvironment()
  }

  /// Runs the installed gwsh on a command file, its state (the journal) in a
  /// fresh folder that is removed afterwards.
  func runShell(_ arguments: [String], stdinPath: String, stdoutPath: String) -> CommandRun.Result {
    let result = CommandRun.run(
      [settings.gwsh] + arguments, environment: shellEnvironment(), stdinPath: stdinPath, stdoutPath: stdoutPath)
    try? FileManager.default.removeItem(atPath: temporaryDirectory() + "/state")
    return result
  }

  /// The time `show response --full` of the body `apps.file_body` serves from
  /// `path` takes: a run that asks for it, less a run that only sends the
  /// request (the worker's start and the transfer), with the first run's peak.
  func showWhole(_ path: String, output: String) -> (seconds: Double, peakMiB: Double) {
    let directory = temporaryDirectory()
    let request = "GET /?\(path)\n"
    let sendOnly = directory + "/send-only.txt"
    let sendAndShow = directory + "/send-and-show.txt"
    FileManager.default.createFile(atPath: sendOnly, contents: Data(request.utf8))
    FileManager.default.createFile(atPath: sendAndShow, contents: Data((request + "show response --full\n").utf8))
    let app = ["--python", settings.python, "python:apps:file_body"]
    let shown = runShell(app, stdinPath: sendAndShow, stdoutPath: output)
    precondition(shown.status == 0, "gwsh python:apps:file_body < send-and-show failed")
    let sent = runShell(app, stdinPath: sendOnly, stdoutPath: "/dev/null")
    precondition(sent.status == 0, "gwsh python:apps:file_body < send-only failed")
    return (max(0, shown.wall.seconds - sent.wall.seconds), shown.peakMiB)
  }

  /// The wall time of one run of `argv`, its output sent to a file.
  func timed(_ argv: [String], stdoutPath: String) -> Double {
    let result = CommandRun.run(argv, stdoutPath: stdoutPath)
    precondition(result.status == 0, "\(argv.joined(separator: " ")) failed")
    return result.wall.seconds
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
