import AppLoaders
import Foundation
import Gateway
import Session

/// Where the suite finds what it measures, and how long it runs.
struct Settings {
  /// The gwsh executable, built in release mode.
  var gwsh: String
  /// The real Python interpreter (not a version manager's shim).
  var python: String
  /// `Benchmarks/peers`: the Python peers, the WSGI apps and the CGI scripts.
  var peers: String
  /// This benchmark's own executable, which runs each body benchmark as a child.
  var executable: String
  /// The size of the large bodies gwsh moves.
  var bodySize = 1 << 30
  /// The size of the body Werkzeug's client holds, for comparison.
  var werkzeugBodySize = 256 << 20
  /// Requests in the replayed session.
  var sessionRequests = 20_000
  /// Requests per run in pipe mode, and in the longer run that measures memory growth.
  var pipeRequests = 20_000
  var pipeMemoryRequests = 100_000
  /// The size of the JSON document and the text chunk shown whole.
  var largeBodySize = 30_000_000
  /// Scales every round count down for a quick look (`--quick`).
  var quick = false
  /// Runs only these sections (`--only native,session,bridge,cgi,start,bodies,echo,flask,pipe,json,chunk,flask-start`);
  /// empty runs all.
  var only: Set<String> = []

  func rounds(_ full: Int) -> Int { quick ? max(3, full / 3) : full }
}

/// Runs every benchmark, gwsh and its peers side by side, and prints the table as it goes.
struct Suite {
  let settings: Settings
  var table = Table()

  init(settings: Settings) { self.settings = settings }

  mutating func run() throws {
    Table.printHeader()
    let only = settings.only
    let runs = { (section: String) in only.isEmpty || only.contains(section) }
    if runs("native") { nativeDispatch() }
    if runs("session") { try session() }
    if runs("bridge") { try bridge() }
    if runs("cgi") { try cgi() }
    if runs("start") { startUp() }
    if runs("bodies") { try bodies() }
    if runs("echo") { try echoReplay() }
    if runs("flask") { try flask() }
    if runs("pipe") { try pipeMode() }
    if runs("json") { try largeJSON() }
    if runs("chunk") { try largeChunk() }
    if runs("flask-start") { try flaskStartUp() }
  }

  // MARK: Native dispatch

  mutating func nativeDispatch() {
    let dispatcher = Dispatcher()
    let app = HelloApp()
    let request = Request()
    let directFigures = peer(["direct", "\(settings.rounds(15))", "20000"])
    let direct = directFigures["median_us"]! / 1e6
    let dispatch = measure(rounds: settings.rounds(15), batch: 20_000) {
      precondition(dispatcher.dispatch(request, to: app).status == "200 OK")
    }
    // The fastest rounds beside the medians: this host has quiet and busy
    // spells, and the fastest round shows which one a run fell in.
    table.add(
      Row(
        benchmark: "native dispatch, trivial app, whole core (per request; fastest round in brackets)",
        gwsh: "\(Format.microseconds(dispatch.median)) (\(Format.microseconds(dispatch.fastest)))",
        peer: "Python direct call, prebuilt environ, no checks",
        peerFigure: "\(Format.microseconds(direct)) (\(Format.microseconds(directFigures["min_us"]! / 1e6)))",
        ratio: Format.ratio(direct / dispatch.median), goal: "≤ 2 µs", holds: dispatch.median <= 2e-6))
    let mayBlock = HelloApp(stopsWhenAsked: false)
    let wsgiref = peer(["wsgiref", "\(settings.rounds(10))", "2000"])["median_us"]! / 1e6
    let watched = measure(rounds: settings.rounds(10), batch: 2_000) {
      precondition(dispatcher.dispatchWatched(request, to: mayBlock).status == "200 OK")
    }
    table.add(
      Row(
        benchmark: "native dispatch of an app that may block, on a watched thread (per request)",
        gwsh: Format.microseconds(watched.median), peer: "wsgiref SimpleHandler, in-memory streams",
        peerFigure: Format.microseconds(wsgiref), ratio: Format.ratio(wsgiref / watched.median), goal: "",
        holds: nil))
  }

  // MARK: A replayed session

  mutating func session() throws {
    let count = settings.sessionRequests
    let (gwsh, werkzeug) = try replayAgainstWerkzeug(app: "hello", peer: ["session", "\(count)"]).wall
    table.add(
      Row(
        benchmark: "replay a session of \(count) requests (gwsh run, each status checked; median of rounds)",
        gwsh: Format.seconds(gwsh), peer: "Werkzeug test client, the same requests and checks",
        peerFigure: Format.seconds(werkzeug), ratio: Format.ratio(werkzeug / gwsh), goal: "≥ 20× faster",
        holds: werkzeug / gwsh >= 20))
  }

  /// The median seconds of replaying `settings.sessionRequests` times `GET /` (each status
  /// checked) to the built-in `app` with `gwsh run`'s runner, and of the Werkzeug peer run with
  /// `peer`: wall time, and CPU time (the process's, on both sides). One replay is a single
  /// sample; the rounds alternate gwsh and the peer so both see the same load.
  func replayAgainstWerkzeug(
    app: String, peer arguments: [String]
  ) throws -> (wall: (gwsh: Double, werkzeug: Double), cpu: (gwsh: Double, werkzeug: Double)) {
    let count = settings.sessionRequests
    let file = temporaryDirectory() + "/replay-\(app).gws"
    var text = "load \(app)\n"
    for _ in 0..<count { text += "GET /\nexpect status 200\n" }
    try text.write(toFile: file, atomically: true, encoding: .utf8)
    let runner = SessionRunner(loader: benchLoader)
    var gwshSamples: [Double] = []
    var werkzeugSamples: [Double] = []
    var gwshCPU: [Double] = []
    var werkzeugCPU: [Double] = []
    for _ in 0..<settings.rounds(5) {
      let start = ContinuousClock.now
      let cpuStart = Self.processCPU()
      let report = runner.run([file]) { _ in }
      gwshCPU.append(Self.processCPU() - cpuStart)
      gwshSamples.append((ContinuousClock.now - start).seconds)
      precondition(report.exitCode == 0 && report.passed == count, "the replayed session to \(app) failed")
      let figures = peer(arguments)
      werkzeugSamples.append(figures["seconds"]!)
      werkzeugCPU.append(figures["cpu_seconds"]!)
    }
    return ((median(gwshSamples), median(werkzeugSamples)), (median(gwshCPU), median(werkzeugCPU)))
  }

  /// The CPU time of the whole process (every thread), in seconds.
  static func processCPU() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }

  // MARK: The Python bridge

  mutating func bridge() throws {
    let loader = AppLoader(options: LoadOptions(workingDirectory: settings.peers, python: settings.python))
    let loaded = try loader.load(AppSpec(parsing: "python:apps:trivial"))
    defer { loaded.shutdown() }
    let dispatcher = Dispatcher()
    let request = Request()
    let werkzeug = peer(["werkzeug", "\(settings.rounds(10))", "500"])["median_us"]! / 1e6
    let watched = measure(rounds: settings.rounds(10), batch: 1_000) {
      precondition(dispatcher.dispatchWatched(request, to: loaded.app).status == "200 OK")
    }
    let floor = peer(["pipe", "\(settings.rounds(10))", "1000"])["median_us"]! / 1e6
    let ratio = werkzeug / watched.median
    table.add(
      Row(
        benchmark: "Python WSGI app through the bridge (python:apps:trivial, per request)",
        gwsh: Format.microseconds(watched.median), peer: "Werkzeug test client, the same app in-process",
        peerFigure: Format.microseconds(werkzeug), ratio: Format.ratio(ratio), goal: "≤ 40 µs and ≥ 2× faster",
        holds: watched.median <= 40e-6 && ratio >= 2))
    table.add(
      Row(
        benchmark: "  a bare persistent worker over pipes, both ends sleeping while they wait",
        gwsh: Format.microseconds(watched.median), peer: "bare pipe worker, one frame each way",
        peerFigure: Format.microseconds(floor), ratio: Format.ratio(floor / watched.median),
        goal: "", holds: nil))
  }

  // MARK: CGI

  mutating func cgi() throws {
    let script = settings.peers + "/hello.cgi"
    let loader = AppLoader(options: LoadOptions(workingDirectory: settings.peers, python: settings.python))
    let loaded = try loader.load(AppSpec(parsing: "cgi:" + script))
    let dispatcher = Dispatcher()
    let request = Request()
    // Alternate rounds of gwsh and the bare spawn, so that both see the same
    // load from the other engineers' compiles.
    var gwshSamples: [Double] = []
    var floorSamples: [Double] = []
    let batch = 40
    for _ in 0..<settings.rounds(15) {
      gwshSamples.append(
        measure(rounds: 1, batch: batch, warmUp: 2) {
          precondition(dispatcher.dispatch(request, to: loaded.app).status == "200 OK")
        }.median)
      floorSamples.append(
        measure(rounds: 1, batch: batch, warmUp: 2) {
          precondition(CommandRun.run([script], environment: ["PATH=/usr/local/bin:/usr/bin:/bin"]).status == 0)
        }.median)
    }
    let gwsh = median(gwshSamples)
    let floor = median(floorSamples)
    let python = peer(["spawn", "\(settings.rounds(9))", "\(batch)", script])["median_us"]! / 1e6
    let overhead = gwsh / floor - 1
    table.add(
      Row(
        benchmark: "CGI program (#!/bin/sh hello.cgi, per request)",
        gwsh: Format.microseconds(gwsh), peer: "bare posix_spawn + read stdout + waitpid (Swift)",
        peerFigure: Format.microseconds(floor), ratio: Format.percent(overhead) + " gwsh's own cost",
        goal: "≤ +15 %", holds: overhead <= 0.15))
    table.add(
      Row(
        benchmark: "  the same spawn from Python (os.posix_spawn)", gwsh: Format.microseconds(gwsh),
        peer: "os.posix_spawn + read + waitpid", peerFigure: Format.microseconds(python),
        ratio: Format.ratio(python / gwsh), goal: "", holds: nil))
  }

  // MARK: Start-up

  mutating func startUp() {
    let directory = temporaryDirectory()
    let commands = directory + "/one-request.txt"
    FileManager.default.createFile(atPath: commands, contents: Data("GET /api/items?limit=1\n".utf8))
    let environment = [
      "PATH=/usr/local/bin:/usr/bin:/bin", "HOME=\(directory)", "XDG_STATE_HOME=\(directory)/state", "TERM=dumb",
    ]
    let script =
      "import sys; sys.path.insert(0, sys.argv[1]); from werkzeug.test import Client; import apps; "
      + "assert Client(apps.trivial).get('/').status_code == 200"
    var gwshSamples: [Double] = []
    var pythonSamples: [Double] = []
    for _ in 0..<settings.rounds(15) {
      let gwsh = CommandRun.run([settings.gwsh], environment: environment, stdinPath: commands)
      precondition(gwsh.status == 0 && gwsh.text.contains("200 OK"), "gwsh < file failed: \(gwsh.text)")
      gwshSamples.append(gwsh.wall.seconds)
      let python = CommandRun.run(
        [settings.python, "-c", script, settings.peers], environment: environment + pythonEnvironment())
      precondition(python.status == 0, "the Python start-up peer failed")
      pythonSamples.append(python.wall.seconds)
    }
    let gwsh = median(gwshSamples)
    let python = median(pythonSamples)
    table.add(
      Row(
        benchmark: "start, load demo, dispatch one request, exit (gwsh < file)",
        gwsh: Format.milliseconds(gwsh), peer: "python -c: import Werkzeug, one Client.get, exit",
        peerFigure: Format.milliseconds(python), ratio: Format.ratio(python / gwsh), goal: "≤ 10 ms",
        holds: gwsh <= 0.010))
  }

  // MARK: Large bodies

  mutating func bodies() throws {
    let size = settings.bodySize
    let sizeText = size >= 1 << 30 ? "\(size >> 30) GiB" : "\(size >> 20) MiB"
    for (kind, label) in [("native", "native"), ("bridge", "through the bridge"), ("cgi", "through a CGI program")] {
      for direction in ["response", "request"] {
        let result = child(["body", kind, direction, "\(size)"])
        let seconds = result["seconds"]!
        let peak = result["peak_rss_mib"]!
        let isBridge = kind == "bridge"
        let fastEnough = !isBridge || Double(size) / seconds >= 1e9
        table.add(
          Row(
            benchmark: "\(sizeText) \(direction) body, \(label)",
            gwsh: Format.throughput(bytes: size, seconds: seconds) + ", peak " + Format.mebibytes(peak),
            peer: "", peerFigure: "", ratio: "", goal: isBridge ? "≤ 64 MiB, ≥ 1 GB/s" : "≤ 64 MiB",
            holds: peak <= 64 && fastEnough))
      }
    }
    let werkzeugSize = settings.werkzeugBodySize
    for (peerKind, direction) in [("body", "response"), ("request-body", "request")] {
      let result = peer([peerKind, "\(werkzeugSize)"])
      table.add(
        Row(
          benchmark: "  for comparison: a \(werkzeugSize >> 20) MiB \(direction) body",
          gwsh: "", peer: "Werkzeug test client (.data holds it)",
          peerFigure: Format.throughput(bytes: werkzeugSize, seconds: result["seconds"]!) + ", peak "
            + Format.mebibytes(result["peak_rss_mib"]!), ratio: "", goal: "", holds: nil))
    }
  }

  // MARK: Helpers

  /// Runs a Python peer through the real interpreter and reads the JSON object it prints.
  func peer(_ arguments: [String]) -> [String: Double] {
    let result = CommandRun.run(
      [settings.python, settings.peers + "/peers.py"] + arguments,
      environment: CommandRun.currentEnvironment() + pythonEnvironment())
    return Self.figures(result, what: "peers.py \(arguments.joined(separator: " "))")
  }

  /// Runs one body benchmark in a child of its own, so its peak memory is its own.
  func child(_ arguments: [String]) -> [String: Double] {
    let result = CommandRun.run(
      [settings.executable] + arguments + ["--python", settings.python, "--peers", settings.peers])
    return Self.figures(result, what: "gwsh-bench \(arguments.joined(separator: " "))")
  }

  static func figures(_ result: CommandRun.Result, what: String) -> [String: Double] {
    guard result.status == 0,
      let object = try? JSONSerialization.jsonObject(with: Data(result.output)) as? [String: Any]
    else {
      fatalError("\(what) failed (status \(result.status)): \(result.text)")
    }
    return object.compactMapValues { ($0 as? NSNumber)?.doubleValue }
  }

  /// Python writes no bytecode next to the peers, and is not slowed by a hash seed lookup.
  func pythonEnvironment() -> [String] { ["PYTHONDONTWRITEBYTECODE=1"] }

  func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "gwsh-bench-\(getpid())"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// Removes ``temporaryDirectory()`` and what the rows left in it.
  func removeTemporaryDirectory() {
    try? FileManager.default.removeItem(atPath: NSTemporaryDirectory() + "gwsh-bench-\(getpid())")
  }
}
