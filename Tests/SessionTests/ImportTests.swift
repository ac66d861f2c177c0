import Foundation
import TestSupport
import Testing

@testable import Session

@Suite("gwsh import: HAR, .http and curl files as session files")
struct ImportTests {
  /// Converts `text` written to `name` in a fresh folder, and returns the output, the warnings and the folder.
  func convert(_ name: String, _ text: String, extra: [String: String] = [:]) throws -> (
    lines: [String], warnings: [SessionImporter.Warning], folder: String
  ) {
    let folder = TemporaryFolder(prefix: "gwsh-session-tests").path
    try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
    for (file, content) in extra { try content.write(toFile: folder + "/" + file, atomically: true, encoding: .utf8) }
    var lines: [String] = []
    let warnings = try SessionImporter.convert(folder + "/" + name, app: "echo") { lines.append($0.text) }
    return (lines, warnings, folder)
  }

  /// Runs converted lines as a session file in `folder`; returns what the echo app received at each dispatch.
  func replay(_ lines: [String], in folder: String) throws -> [Echoed] {
    try (lines.joined(separator: "\n") + "\n").write(toFile: folder + "/out.gws", atomically: true, encoding: .utf8)
    let statements = try SessionParser.parseFile(folder + "/out.gws")
    let engine = SessionEngine()
    var echoed: [Echoed] = []
    for statement in statements {
      let events = engine.execute(statement)
      #expect(events.errors.isEmpty, "\(events.errors)")
      if !events.dispatches.isEmpty { echoed.append(try Echoed(events)) }
    }
    return echoed
  }

  @Test("a HAR as Chrome writes it: pseudo-headers and cookies dropped, postData the body, each status an expectation")
  func har() throws {
    let har = #"""
      {"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"}, "pages": [],
       "entries": [
        {"startedDateTime": "2026-12-06T10:00:00.000Z", "time": 12.5,
         "request": {"method": "GET", "url": "https://shop.example.com/api/items?limit=2#top", "httpVersion": "h2",
           "headers": [{"name": ":authority", "value": "shop.example.com"}, {"name": ":method", "value": "GET"},
                       {"name": ":path", "value": "/api/items?limit=2"}, {"name": ":scheme", "value": "https"},
                       {"name": "accept", "value": "application/json"}, {"name": "cookie", "value": "sid=abc"}],
           "queryString": [{"name": "limit", "value": "2"}], "cookies": [], "headersSize": -1, "bodySize": 0},
         "response": {"status": 200, "statusText": "", "httpVersion": "h2", "headers": [],
           "content": {"size": 2, "mimeType": "application/json", "text": "{}"}, "redirectURL": ""},
         "cache": {}, "timings": {"send": 0, "wait": 10, "receive": 2}},
        {"startedDateTime": "2026-12-06T10:00:01.000Z", "time": 20,
         "request": {"method": "POST", "url": "https://shop.example.com/api/items", "httpVersion": "h2",
           "headers": [{"name": ":authority", "value": "shop.example.com"}, {"name": "content-length", "value": "40"}],
           "postData": {"mimeType": "application/json", "text": "{\"name\": \"kettle {{x}}\",\n\"note\": \"END\"}"}},
         "response": {"status": 201, "statusText": "Created", "headers": [], "content": {"size": 0, "mimeType": ""}}},
        {"startedDateTime": "2026-12-06T10:00:02.000Z", "request": {"method": "GET", "url": "data:image/png;base64,AAAA",
         "headers": []}, "response": {"status": 200}}
       ]}}
      """#
    let (lines, warnings, folder) = try convert("shop.har", har)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(lines[1] == "load echo")
    #expect(!lines.contains { $0.contains(":authority") || $0.lowercased().contains("cookie:") })
    #expect(lines.contains("expect status 200"))
    #expect(lines.contains("expect status 201"))
    #expect(lines.contains("# entry 3 has no http(s) request and was not converted"))
    #expect(warnings.map(\.message).contains { $0.contains("entry 3") })
    #expect(warnings.map(\.message).contains { $0.contains("Cookie headers were left out") })
    let echoed = try replay(lines.filter { !$0.hasPrefix("expect status 201") }, in: folder)
    #expect(echoed.count == 2)
    #expect(echoed[0].environ["HTTP_ACCEPT"] == "application/json")
    #expect(echoed[0].environ["HTTP_HOST"] == "shop.example.com")
    #expect(echoed[0].environ["QUERY_STRING"] == "limit=2")
    #expect(echoed[0].environ["HTTP_COOKIE"] == nil)
    #expect(echoed[1].method == "POST")
    #expect(echoed[1].environ["CONTENT_TYPE"] == "application/json")
    #expect(echoed[1].body == "{\"name\": \"kettle {{x}}\",\n\"note\": \"END\"}")
  }

  @Test("a HAR form given as params, not text, is sent encoded; a file field HAR does not hold is a warning")
  func harFormParams() throws {
    let har = #"""
      {"log": {"version": "1.2", "entries": [
        {"request": {"method": "POST", "url": "https://shop.example.com/form", "headers": [],
          "postData": {"mimeType": "application/x-www-form-urlencoded",
            "params": [{"name": "a", "value": "1 2"}, {"name": "b", "value": "&x=é"},
              {"name": "photo", "fileName": "beach.jpg", "contentType": "image/jpeg"}]}},
         "response": {"status": 200}}
      ]}}
      """#
    let (lines, warnings, folder) = try convert("form.har", har)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(warnings.map(\.message) == ["entry 1: the file of form field 'photo' is not in the HAR; it was left out"])
    let echoed = try replay(lines, in: folder)
    #expect(echoed.first?.environ["CONTENT_TYPE"] == "application/x-www-form-urlencoded")
    #expect(echoed.first?.body == "a=1%202&b=%26x%3D%C3%A9")
  }

  @Test("a .http request with WebDAV's methods keeps them, as the session language does")
  func httpFileOtherMethods() throws {
    let http = """
      PROPFIND http://localhost/alice/
      Depth: 1

      ###
      MKCALENDAR http://localhost/alice/cal/ HTTP/1.1
      """
    let (lines, _, folder) = try convert("dav.http", http)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(lines.contains("PROPFIND http://localhost/alice/"), "\(lines)")
    #expect(lines.contains("MKCALENDAR http://localhost/alice/cal/"), "\(lines)")
    #expect(!lines.contains { $0.hasPrefix("GET ") }, "\(lines)")
    let echoed = try replay(lines, in: folder)
    #expect(echoed.map { $0.environ["REQUEST_METHOD"] } == ["PROPFIND", "MKCALENDAR"])
  }

  @Test("a .http request that reads another's response is a comment and a warning, not sent with the reference as text")
  func httpResponseReference() throws {
    let http = """
      # @name login
      POST http://localhost/login

      ###
      GET http://localhost/me?token={{login.response.body.$.token}}
      """
    let (lines, warnings, folder) = try convert("refs.http", http)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(lines.contains("POST http://localhost/login"))
    #expect(lines.contains("# GET http://localhost/me?token={{login.response.body.$.token}}"))
    #expect(!lines.contains { $0.hasPrefix("GET ") })
    #expect(warnings.map(\.line) == [5])
    #expect(
      warnings.first?.message.hasPrefix("{{login.response.body.$.token}} reads another request's response") == true)
  }

  @Test("a HAR is read an entry at a time: braces, quotes and an 'entries' key inside strings and entries")
  func harEntryAtATime() throws {
    let folder = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    // 6 MB of entries, each with text that would confuse a reader that did not follow strings.
    let tricky = #"{\"entries\": [1, 2], \"log\": \"}]}\\\"{[\"}"#
    let entry =
      #"{"request": {"method": "POST", "url": "http://h/x", "headers": [], "postData": {"mimeType": "application/json", "text": "\#(tricky)"}}, "#
      + #""response": {"status": 200, "content": {"text": "\#(String(repeating: "x", count: 20_000))"}}, "entries": []}"#
    let count = 300
    var har =
      #"{"log": {"version": "1.2", "creator": {"name": "entries", "version": "1"}, "pages": [{"entries": 1}], "entries": ["#
    har += Array(repeating: entry, count: count).joined(separator: ",\n") + "]}}"
    try har.write(toFile: folder + "/big.har", atomically: true, encoding: .utf8)
    var lines = 0
    var bodies = 0
    let warnings = try SessionImporter.convert(folder + "/big.har", app: nil) { line in
      lines += 1
      if line.text == #"{"entries": [1, 2], "log": "}]}\"{["}"# { bodies += 1 }
    }
    #expect(warnings.isEmpty, "\(warnings)")
    #expect(bodies == count)
    // The reader hands over one entry at a time: none is larger than the entry itself.
    var reader = try HAREntryReader(path: folder + "/big.har")
    var largest = 0
    #expect(try reader.read { largest = max(largest, $0.count) } == count)
    #expect(largest == entry.utf8.count)
  }

  @Test("a .http file as the JetBrains HTTP Client documents it: variables, titles, headers, bodies, files")
  func httpFile() throws {
    let http = """
      @host = http://localhost:8080
      @token = abc123

      ### List items
      # @name list
      GET {{host}}/api/items?limit=2
      Accept: application/json
      Authorization: Bearer {{token}}

      ### Create an item
      // Creates one
      POST {{host}}/api/items HTTP/1.1
      Content-Type: application/json

      {
        "name": "kettle"
      }

      > {%
        client.test("created", function() { client.assert(response.status === 201); });
      %}

      ### Upload
      PUT {{host}}/api/items/1
      Content-Type: application/json

      < ./item.json

      ### Random
      POST {{host}}/api/items

      {"id": "{{$random.uuid}}"}
      """
    let (lines, warnings, folder) = try convert("api.http", http, extra: ["item.json": "{\"name\": \"pot\"}\n"])
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(lines.contains("let host http://localhost:8080"))
    #expect(lines.contains("### List items"))
    #expect(lines.contains("# request list"))
    #expect(lines.contains("# not converted: > {%"))
    #expect(warnings.map(\.line) == [19, 30])
    let echoed = try replay(lines, in: folder)
    #expect(echoed.count == 3)
    #expect(echoed[0].environ["HTTP_AUTHORIZATION"] == "Bearer abc123")
    #expect(echoed[0].environ["HTTP_HOST"] == "localhost:8080")
    #expect(echoed[1].body == "{\n  \"name\": \"kettle\"\n}")
    #expect(echoed[1].environ["HTTP_AUTHORIZATION"] == nil)
    #expect(echoed[2].body == "{\"name\": \"pot\"}\n")
    #expect(echoed[2].method == "PUT")
  }

  @Test("a file of curl commands is kept as written; one gwsh cannot read becomes a comment and a warning")
  func curlFile() throws {
    let (lines, warnings, folder) = try convert(
      "bug.sh", "# from the report\ncurl 'http://h/a' \\\n  -H 'X-A: 1'\ncurl --bogus http://h/\n")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(
      lines.dropFirst(2) == [
        "# from the report", "curl 'http://h/a' \\", "  -H 'X-A: 1'", "# not converted: curl --bogus http://h/",
      ])
    #expect(warnings.map(\.line) == [4])
    let echoed = try replay(lines, in: folder)
    #expect(echoed.first?.environ["HTTP_X_A"] == "1")
  }

  @Test("a .http file or a curl file saved with CR LF line ends imports as the same file with LF")
  func crlfLineEnds() throws {
    let http = "@base = http://localhost\nGET {{base}}/a\nX-A: 1\n\n###\nPOST {{base}}/b\n\nline\n"
    let curl = "# from Windows\ncurl 'http://h/a' \\\n  -H 'X-A: 1'\n"
    for (name, text) in [("a.http", http), ("a.sh", curl)] {
      let (unix, unixWarnings, unixFolder) = try convert(name, text)
      let (windows, windowsWarnings, windowsFolder) = try convert(
        name, text.replacingOccurrences(of: "\n", with: "\r\n"))
      defer {
        try? FileManager.default.removeItem(atPath: unixFolder)
        try? FileManager.default.removeItem(atPath: windowsFolder)
      }
      #expect(windows == unix)
      #expect(windowsWarnings == unixWarnings)
      #expect(!windows.contains { $0.contains("\r") || $0.contains("\n") })
    }
  }

  @Test("gwsh import writes to stdout and warns on stderr; gwsh run runs a .http file against --app")
  func commands() throws {
    let folder = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try "GET http://localhost/x\n\n###\nGET /y\n> {% client.log(1) %}\n".write(
      toFile: folder + "/a.http", atomically: true, encoding: .utf8)
    let imported = try ChildProgram.run(SystemTools.gwshExecutable, ["import", folder + "/a.http", "--app", "echo"])
    #expect(imported.status == 0)
    #expect(imported.standardOutputText.contains("load echo\n"))
    // Where the error lines point, as an editor reads them.
    #expect(imported.standardErrorText.contains(folder + "/a.http:5:1: warning: a response handler"))
    let ran = try ChildProgram.run(SystemTools.gwshExecutable, ["run", folder + "/a.http", "--app", "echo"])
    #expect(ran.status == 0, "\(ran.standardOutputText)\(ran.standardErrorText)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["a.http"])
    let missing = try ChildProgram.run(SystemTools.gwshExecutable, ["import", folder + "/none.har"])
    #expect(missing.status == 2)
    #expect(missing.standardErrorText.contains("cannot be read"))
  }

  @Test("gwsh run reports a .rest file's failures at its own lines, beside a .gws file, in the output and --junit")
  func runnerNamesTheUsersLines() throws {
    let folder = TemporaryFolder(prefix: "gwsh-session-tests")
    defer { folder.remove() }
    folder.write("ok.gws", "load echo\nGET /\nexpect status 200\n")
    folder.write("api.rest", "@base = http://localhost\n\n### Stuck\nGET {{base}}/stuck\nAccept: */*\n")
    let ran = try ChildProgram.run(
      SystemTools.gwshExecutable,
      ["run", "--timeout", "0.3", "--app", "slow", "--junit", "report.xml", "ok.gws", "api.rest"],
      currentDirectory: folder.path)
    let output = ran.standardOutputText
    #expect(ran.status == 1, "\(output)\(ran.standardErrorText)")
    #expect(
      output.hasPrefix(
        "ok.gws: 1 passed, 0 failed\napi.rest:4:1: GET http://localhost/stuck did not finish: stopped: "),
      "\(output)")
    #expect(output.hasSuffix("and was abandoned\napi.rest: 0 passed, 1 failed\n1 passed, 1 failed\n"), "\(output)")
    let xml = try String(contentsOfFile: folder.path + "/report.xml", encoding: .utf8)
    #expect(xml.contains(#"<testcase classname="api.rest" name="GET http://localhost/stuck (line 4)""#), "\(xml)")
    #expect(!output.contains(".rest.gws") && !xml.contains(".rest.gws"), "\(output)\(xml)")
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["api.rest", "ok.gws", "report.xml"])
  }

  @Test("gwsh run replays a HAR against --app: its entries' statuses are checked, failures named at the HAR")
  func runnerRunsAHAR() throws {
    let folder = TemporaryFolder(prefix: "gwsh-session-tests")
    defer { folder.remove() }
    let entry = { (path: String, status: Int) in
      #"{"request": {"method": "GET", "url": "http://shop.example/api/items\#(path)", "headers": []}, "#
        + #""response": {"status": \#(status), "statusText": "", "headers": []}}"#
    }
    folder.write("good.har", #"{"log": {"version": "1.2", "entries": ["# + entry("?limit=1", 200) + "]}}\n")
    folder.write("bad.har", #"{"log": {"version": "1.2", "entries": ["# + entry("/99", 200) + "]}}\n")
    let good = try ChildProgram.run(
      SystemTools.gwshExecutable, ["run", "--app", "demo", "good.har"], currentDirectory: folder.path)
    #expect(good.status == 0, "\(good.standardOutputText)\(good.standardErrorText)")
    #expect(good.standardOutputText.hasSuffix("1 passed, 0 failed\n"), "\(good.standardOutputText)")
    let bad = try ChildProgram.run(
      SystemTools.gwshExecutable, ["run", "--app", "demo", "bad.har"], currentDirectory: folder.path)
    #expect(bad.status == 1, "\(bad.standardOutputText)\(bad.standardErrorText)")
    #expect(
      bad.standardOutputText.contains("bad.har:1:1: expectation failed: expect status 200"), "\(bad.standardOutputText)"
    )
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["bad.har", "good.har"])
  }

  @Test("gwsh run writes nothing beside a .http file while it runs; its '< ./file' bodies are read from its folder")
  func runnerWritesNothingBeside() throws {
    let folder = TemporaryFolder(prefix: "gwsh-session-tests")
    let tools = TemporaryFolder(prefix: "gwsh-session-tests")
    defer {
      folder.remove()
      tools.remove()
    }
    folder.write("api.http", "POST http://localhost/items\nContent-Type: text/plain\n\n< ./item.txt\n")
    folder.write("item.txt", "a pot\n")
    // The app looks at the .http file's folder while the request runs, and answers with the body it read.
    let program = tools.write(
      "look.sh",
      "#!/bin/sh\nls -A '\(folder.path)' > '\(tools.path)/seen.txt'\ncat > '\(tools.path)/body.txt'\n"
        + "printf 'Content-Type: text/plain\\n\\nok\\n'\n",
      executable: true)
    let ran = try ChildProgram.run(
      SystemTools.gwshExecutable, ["run", "--app", "cgi:" + program, folder.path + "/api.http"],
      currentDirectory: tools.path)
    #expect(ran.status == 0, "\(ran.standardOutputText)\(ran.standardErrorText)")
    #expect(try String(contentsOfFile: tools.path + "/seen.txt", encoding: .utf8) == "api.http\nitem.txt\n")
    #expect(try String(contentsOfFile: tools.path + "/body.txt", encoding: .utf8) == "a pot\n")
  }
}
