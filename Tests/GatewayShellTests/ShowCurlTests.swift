import AppLoaders
import Foundation
import Session
import TestSupport
import Testing

@testable import GatewayShell

/// A Python app that answers with what it received: the request's environ strings and the body's bytes in hex.
let dumpApp = """
  import json

  def app(environ, start_response):
      length = int(environ.get('CONTENT_LENGTH') or 0)
      body = environ['wsgi.input'].read(length) if length else b''
      seen = {k: v for k, v in environ.items() if isinstance(v, str) and (k.startswith('HTTP_')
              or k in ('REQUEST_METHOD', 'PATH_INFO', 'QUERY_STRING', 'CONTENT_TYPE', 'CONTENT_LENGTH'))}
      out = json.dumps({'environ': seen, 'body': body.hex()}, sort_keys=True).encode()
      start_response('200 OK', [('Content-Type', 'application/json'), ('Content-Length', str(len(out)))])
      return [out]
  """

/// wsgiref's `simple_server` serving the dump app on a loopback port, killed when released (with its `ChildProgram`).
final class WSGIRefServer {
  let program: ChildProgram
  let port: Int

  init(folder: String) throws {
    program = try ChildProgram(
      "python3",
      [
        "-c",
        "import sys, dumpapp\nfrom wsgiref.simple_server import make_server, WSGIRequestHandler\n"
          + "WSGIRequestHandler.log_message = lambda *a: None\n"
          + "s = make_server('127.0.0.1', 0, dumpapp.app)\nprint(s.server_port, flush=True)\ns.serve_forever()",
      ], currentDirectory: folder)
    let line = program.read(until: "\n")
    port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
  }
}

@Suite("show curl, run by real curl against a real server", .serialized)
struct ShowCurlTests {
  /// What the dump app saw, less what differs between a server and gwsh by design: the Host
  /// (the base URL names another), and what wsgiref makes up for a header the request did not have.
  static func seen(_ json: [UInt8], hadContentType: Bool) throws -> [String: String] {
    let object = try #require(JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
    var environ = try #require(object["environ"] as? [String: String])
    environ["HTTP_HOST"] = nil
    // wsgiref's server sets an empty CONTENT_LENGTH for a request without one; gwsh leaves it out.
    if environ["CONTENT_LENGTH"] == "" { environ["CONTENT_LENGTH"] = nil }
    if !hadContentType { environ["CONTENT_TYPE"] = nil }
    environ["body"] = try #require(object["body"] as? String)
    return environ
  }

  @Test("the app sees the same method, path, query, headers and body bytes through curl as through gwsh")
  func sameRequest() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gwsh-show-curl-\(UUID())").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try dumpApp.write(toFile: folder + "/dumpapp.py", atomically: true, encoding: .utf8)
    let allBytes = Data((0...255).map { UInt8($0) } + Array("-%\\'\n".utf8))
    try allBytes.write(to: URL(fileURLWithPath: folder + "/all bytes.bin"))
    let server = try WSGIRefServer(folder: folder)
    #expect(server.port > 0)
    let base = "http://127.0.0.1:\(server.port)"

    let engine = SessionEngine(
      loader: AppLoader(options: LoadOptions(workingDirectory: folder)))
    let script = """
      load python:dumpapp:app
      header X-Quote: it's "quoted" $HOME `date` \\back; rm -rf /
      header X-Tab: a\tb
      header X-Empty:
      header Content-Type: application/json
      POST /items?q=a%20b&x=[1]&y={2} <<END
      {"text": "it's $5 `now`", "tab": "\there"}
      END
      show curl \(base)
      PUT /blob base64 <<END
      \(allBytes.base64EncodedString())
      END
      show curl \(base)
      GET /search?q=%E2%82%AC&empty=
      show curl \(base)
      DELETE /a/./b/../c
      show curl \(base)
      PATCH /file @all bytes.bin
      show curl \(base)
      curl -X PROPFIND -H 'Depth: 1' -b 'a=1; b=2' --data-binary $'-x\\x01' 'http://example.org/dav/'
      show curl \(base)
      """
    let statements = try SessionParser.parse(script, file: folder + "/s.gws", directory: folder)
    var compared = 0
    var throughGwsh: [UInt8]?
    var hadContentType = false
    for statement in statements {
      for event in engine.execute(statement) {
        switch event {
        case .dispatched(let record):
          throughGwsh = record.exchange.body.head
          hadContentType = record.request.headers.contains { $0.name.lowercased() == "content-type" }
        case .help(let command):
          #expect(command.utf8.allSatisfy { $0 == 0x0A || (0x20...0x7E).contains($0) }, "\(command)")
          let shell = try ChildProgram.run(
            "/bin/sh", ["-c", command.replacingOccurrences(of: "curl ", with: "curl -sS ")], currentDirectory: folder)
          #expect(shell.status == 0, "\(command)\n\(shell.standardErrorText)")
          let expected = try Self.seen(try #require(throughGwsh), hadContentType: hadContentType)
          let actual = try Self.seen(Array(shell.standardOutput), hadContentType: hadContentType)
          #expect(actual == expected, "\(command)")
          compared += 1
        case .error(let error):
          Issue.record("\(error)")
        default:
          break
        }
      }
    }
    #expect(compared == 6)
  }
}
