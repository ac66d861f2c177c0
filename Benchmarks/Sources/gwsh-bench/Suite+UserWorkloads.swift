import AppLoaders
import Foundation
import Gateway
import JSON
import Session

/// The workloads users feel (issue 18): the built-in `echo` app, a Flask app,
/// pipe mode with rendering and the journal, a large JSON body shown whole, a
/// large text chunk printed (`Suite+LargeBodies.swift`), and a Flask app's start-up, each beside the
/// Python or Unix tool a user would reach for instead.
extension Suite {
  // MARK: The echo app, replayed

  /// A session of `GET /` to the built-in `echo` app (a JSON document of the
  /// environ, about 600 bytes) against Werkzeug's client on `apps.echo`, which
  /// writes the same document from Python. The ratio is of CPU time, wall time's beside it: on a
  /// host loaded past its cores, a run's wall time is partly waiting for a core, which either side
  /// may draw more of.
  mutating func echoReplay() throws {
    let count = settings.sessionRequests
    let (wall, cpu) = try replayAgainstWerkzeug(app: "echo", peer: ["session", "\(count)", "apps:echo"])
    let ratio = cpu.werkzeug / cpu.gwsh
    table.add(
      Row(
        benchmark: "replay \(count) requests to the built-in echo app (gwsh run, a 600 B JSON document each)",
        gwsh: Format.seconds(cpu.gwsh) + " CPU (" + Format.microseconds(cpu.gwsh / Double(count)) + " a request; "
          + Format.seconds(wall.gwsh) + " wall)",
        peer: "Werkzeug test client, apps.echo writing the same document",
        peerFigure: Format.seconds(cpu.werkzeug) + " CPU (" + Format.seconds(wall.werkzeug) + " wall)",
        ratio: Format.ratio(ratio) + " (wall " + Format.ratio(wall.werkzeug / wall.gwsh) + ")", goal: "≥ 30× faster",
        holds: ratio >= 30))
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

}
