// gwsh-bench: gwsh and its peers (Werkzeug's test client, wsgiref, a bare pipe
// worker, a bare process spawn) measured side by side in one run.
//
//   bash Benchmarks/run.sh            builds gwsh and this suite in release mode, then runs it
//   gwsh-bench --gwsh PATH --python PATH --peers DIR [--quick] [--only SECTION,...] [--body-size BYTES]
//              [--session-requests N] [--pipe-requests N] [--pipe-memory-requests N] [--large-body-size BYTES]
//   gwsh-bench body native|bridge|cgi response|request BYTES --python PATH --peers DIR
//                                     one large-body dispatch (the suite runs these as children)
//   gwsh-bench profile native|watched|bridge|cgi|flask|session|echo|layout|writer COUNT --python PATH --peers DIR
//                                     COUNT dispatches and nothing else, to run under
//                                     valgrind --tool=callgrind or perf record

import Foundation

/// The command line, taken apart option by option.
struct Arguments {
  var rest = Array(CommandLine.arguments.dropFirst())

  /// Takes `--name VALUE` out of the arguments.
  mutating func option(_ name: String) -> String? {
    guard let index = rest.firstIndex(of: name), index + 1 < rest.count else { return nil }
    let value = rest[index + 1]
    rest.removeSubrange(index...(index + 1))
    return value
  }

  /// Takes `--name` out of the arguments.
  mutating func flag(_ name: String) -> Bool {
    guard let index = rest.firstIndex(of: name) else { return false }
    rest.remove(at: index)
    return true
  }
}

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("gwsh-bench: \(message)\n".utf8))
  exit(2)
}

var arguments = Arguments()
let python = arguments.option("--python") ?? "python3"
guard let peers = arguments.option("--peers") else { fail("--peers DIR is required (Benchmarks/peers)") }

if arguments.rest.first == "body" {
  guard arguments.rest.count == 4, let size = Int(arguments.rest[3]) else {
    fail("usage: gwsh-bench body native|bridge|cgi response|request BYTES --python PATH --peers DIR")
  }
  let benchmark = BodyBenchmark(
    kind: arguments.rest[1], direction: arguments.rest[2], size: size, python: python, peers: peers)
  print(try benchmark.run())
  exit(0)
}

if arguments.rest.first == "profile" {
  guard arguments.rest.count == 3, let count = Int(arguments.rest[2]) else {
    fail(
      "usage: gwsh-bench profile native|watched|bridge|cgi|flask|session|echo|layout|writer COUNT"
        + " --python PATH --peers DIR")
  }
  try Profile(kind: arguments.rest[1], count: count, python: python, peers: peers).run()
  exit(0)
}

guard let gwsh = arguments.option("--gwsh") else { fail("--gwsh PATH is required (the release build of gwsh)") }
var settings = Settings(
  gwsh: gwsh, python: python, peers: peers,
  executable: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
)
settings.quick = arguments.flag("--quick")
if let sections = arguments.option("--only") { settings.only = Set(sections.split(separator: ",").map(String.init)) }
if let size = arguments.option("--body-size").flatMap(Int.init) { settings.bodySize = size }
if let size = arguments.option("--werkzeug-body-size").flatMap(Int.init) { settings.werkzeugBodySize = size }
if let count = arguments.option("--session-requests").flatMap(Int.init) { settings.sessionRequests = count }
if let count = arguments.option("--pipe-requests").flatMap(Int.init) { settings.pipeRequests = count }
if let count = arguments.option("--pipe-memory-requests").flatMap(Int.init) { settings.pipeMemoryRequests = count }
if let size = arguments.option("--large-body-size").flatMap(Int.init) { settings.largeBodySize = size }
guard arguments.rest.isEmpty else { fail("unknown arguments: \(arguments.rest.joined(separator: " "))") }

var suite = Suite(settings: settings)
// The scratch folder goes with the run, whether it ends or fails: each run used to leave one in /tmp.
do {
  try suite.run()
} catch {
  suite.removeTemporaryDirectory()
  throw error
}
suite.removeTemporaryDirectory()
