import Foundation
import JSON
import Session
import TestSupport
import Testing

@Suite("Parsing the session language")
struct ParserTests {
  func parseError(_ text: String, file: String = "shop.gws") -> SessionError? {
    do {
      _ = try SessionParser.parse(text, file: file)
      return nil
    } catch {
      return error
    }
  }

  @Test("each command parses to what it says")
  func commands() throws {
    let statements = try SessionParser.parse(
      """
      # a comment
      load demo as shop at /shop
      use shop
      set wsgi.multithread true
      unset HTTP_HOST
      header Accept: application/json
      unheader Accept
      body user={{user}}&password=tea
      POST /login?next=/me
      send
      expect status 200 OK
      expect header Set-Cookie ~ ^session=
      expect header X-Missing absent
      expect body !~ error
      expect json $.user == "alice"
      capture who json $.user
      show request
      reset
      let user alice
      ignore header Date
      cookies off
      follow on
      help expect
      quit
      """, file: "t.gws")
    #expect(statements.count == 23)
    #expect(statements[0].command == .load(spec: "demo", name: "shop", prefix: "/shop"))
    #expect(statements[0].location == SourceLocation(file: "t.gws", line: 2, column: 1))
    #expect(statements[4].command == .header(name: "Accept", value: Template("application/json")))
    #expect(statements[7].command == .request(method: "POST", target: Template("/login?next=/me")))
    #expect(statements[9].command == .expect(.status(code: 200, reason: "OK")))
    #expect(statements[11].command == .expect(.header(name: "X-Missing", check: .absent)))
    #expect(statements[18].command == .ignore(.header("Date")))
    #expect(statements[19].command == .cookies(.off))
  }

  @Test("a here-document holds its lines, each ending in a newline; chomp drops the last one")
  func hereDocuments() throws {
    let statements = try SessionParser.parse("body <<END\n{\"a\": 1}\n  two\nEND\nexpect body chomp <<EOF\nx\nEOF\n")
    #expect(statements.count == 2)
    #expect(statements[0].command == .body(.text(Template("{\"a\": 1}\n  two\n"))))
    #expect(statements[0].lineCount == 4)
    #expect(statements[0].text == "body <<END\n{\"a\": 1}\n  two\nEND")
    #expect(statements[1].command == .expect(.body(.equals(.text(Template("x"))))))
    #expect(statements[1].location.line == 5)
    let quoted = try SessionParser.parse("expect body <<'END'\n{{x}}\nEND")
    #expect(quoted[0].command == .expect(.body(.equals(.text(Template("{{x}}\n", expands: false))))))
  }

  @Test("the prompt learns a line opens a here-document")
  func terminator() {
    #expect(SessionParser.hereDocumentTerminator(in: "body <<END") == "END")
    #expect(SessionParser.hereDocumentTerminator(in: "expect body base64 <<'DATA'") == "DATA")
    #expect(SessionParser.hereDocumentTerminator(in: "body a<<b") == nil)
    #expect(SessionParser.hereDocumentTerminator(in: "header X: <<END") == nil)
    #expect(SessionParser.hereDocumentTerminator(in: "expect header X: <<END") == nil)
    #expect(SessionParser.hereDocumentTerminator(in: "expect errors <<END") == "END")
    #expect(SessionParser.hereDocumentTerminator(in: "POST /items <<END") == "END")
    #expect(SessionParser.hereDocumentTerminator(in: "POST /items") == nil)
  }

  @Test("a word the command does not take is named, with the column where it is")
  func mountPrefixWithoutSlash() throws {
    let error = try #require(parseError("load demo as d at api"))
    #expect(error.message == "expected a path prefix starting with '/' (/api) but found 'api'")
    #expect(error.context.location.column == 19)
    let save = try #require(parseError("save my session.gws"))
    #expect(save.message == "expected the end of the line (a file name holds no spaces) but found 'session.gws'")
    #expect(save.context.location.column == 9)
  }

  @Test("a request line written with a body holds it for itself: the body's lines are not commands")
  func requestWithHereDocument() throws {
    let statements = try SessionParser.parse("load echo\nPOST /items <<END\nDELETE /users\nEND\nGET /")
    #expect(statements.count == 3)
    #expect(
      statements[1].command
        == .request(method: "POST", target: Template("/items"), own: .body(.text(Template("DELETE /users\n")))))
    #expect(statements[2].location.line == 5)
  }

  @Test("an unknown command suggests the nearest one, with file, line and column")
  func unknownCommand() throws {
    let error = try #require(parseError("load demo\n  haeder Accept: text/html"))
    #expect(error.context.location == SourceLocation(file: "shop.gws", line: 2, column: 3))
    #expect(error.message == "unknown command 'haeder'; did you mean header?")
    #expect(error.description.contains("shop.gws:2:3: error:"))
    #expect(error.description.contains("  haeder Accept: text/html\n      ^"))
    let tabbed = try #require(parseError("\t\u{1b}x /"))
    #expect(tabbed.description.hasSuffix("\n     \\x1bx /\n     ^"))
    let lower = try #require(parseError("get /items"))
    #expect(lower.message == "unknown command 'get'; did you mean GET /items (methods are upper case)?")
    let far = try #require(parseError("frobnicate"))
    #expect(far.message.contains("'help' lists the commands"))
  }

  @Test("a bad regular expression is a parse error pointing at the pattern")
  func badRegex() throws {
    let error = try #require(parseError("GET /\nexpect body ~ (unclosed"))
    guard case .badRegex(let pattern, _, let context) = error else {
      Issue.record("got \(error)")
      return
    }
    #expect(pattern == "(unclosed")
    #expect(context.location.line == 2)
    #expect(context.location.column == 15)
  }

  @Test("an unterminated here-document names its terminator and the line that opened it")
  func unterminated() throws {
    let error = try #require(parseError("GET /\nbody <<END\nline\nEDN\n"))
    #expect(
      error
        == .unterminatedHereDocument(
          terminator: "END", SourceLine(SourceLocation(file: "shop.gws", line: 2), line: "body <<END")))
    #expect(error.description.hasPrefix("shop.gws:2:1: error: expected a line 'END'"))
  }

  @Test("a missing file for @path, expect body @path or source is a parse error")
  func missingFiles() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    for (line, column) in [("body @nope.json", 6), ("expect body @nope.bin", 13), ("source nope.gws", 1)] {
      let path = directory + "/s.gws"
      try "GET /\n\(line)\n".write(toFile: path, atomically: true, encoding: .utf8)
      do {
        _ = try SessionParser.parseFile(path)
        Issue.record("\(line) parsed")
      } catch {
        guard case .missingFile(let missing, let context) = error else {
          Issue.record("got \(error)")
          continue
        }
        #expect(missing == directory + "/nope." + line.split(separator: ".").last!)
        #expect(context.location.file == path)
        #expect(context.location.line == 2)
        #expect(context.location.column == column)
      }
    }
  }

  @Test("a bad JSONPath points at the offending column")
  func badPath() throws {
    let error = try #require(parseError("GET /\nexpect json $.items[x] == 1"))
    guard case .badJSONPath(let path, _, let context) = error else {
      Issue.record("got \(error)")
      return
    }
    #expect(path == "$.items[x]")
    #expect(context.location.column == 21)
    #expect(error.message.contains("expected an index"))
    let capture = try #require(parseError("capture id json items"))
    #expect(capture.message.contains("'$' to start the path"))
  }

  @Test("columns count characters, not bytes, and any Unicode space separates words")
  func unicodeColumns() throws {
    // "é" is two bytes, "🙂" four: the column after them still counts one each.
    let error = try #require(parseError("expect header X-Café\u{3000}🙂 ~ (unclosed"))
    guard case .expected(_, let found, let context) = error else {
      Issue.record("got \(error)")
      return
    }
    #expect(found == "🙂")
    #expect(context.location.column == 22)
    let statements = try SessionParser.parse("\u{3000}\u{A0}header X-Motto:\u{2003}naïve café \r\r")
    #expect(statements.first?.location.column == 3)
    guard case .header(let name, let value)? = statements.first?.command else {
      Issue.record("got \(statements)")
      return
    }
    #expect(name == "X-Motto")
    #expect(try value.expanded { _ in nil } == "naïve café")
  }

  @Test("a bad JSON literal in expect json is a parse error, a bare word told to take quotes")
  func badJSON() throws {
    let error = try #require(parseError("expect json $.name == teapot"))
    guard case .badJSON(let text, _, let context) = error else {
      Issue.record("got \(error)")
      return
    }
    #expect(text == "teapot")
    #expect(context.location.column == 23)
    // A bare word is a string without its quotes, and the message says how to write it.
    #expect(
      error.message
        == #"expected a JSON value, but 'teapot' is not one; a string is written in double quotes: "teapot""#)
    let cut = try #require(parseError("expect json $.items == [1,"))
    #expect(cut.message.hasPrefix("expected a JSON value, but '[1,' does not parse: "))
  }

  @Test("malformed arguments say what was expected")
  func expectedArguments() throws {
    let cases: [(String, String)] = [
      ("header Accept text/html", "expected 'Name: value'"),
      ("expect status two", "expected a three-digit status code"),
      ("expect cookie x", "expected what to check"),
      ("expect chunks many", "expected a chunk count"),
      ("show everything", "expected what to show"),
      ("follow maybe", "expected 'on' or 'off'"),
      ("GET", "expected a request target"),
      ("load demo as", "expected a name after 'as'"),
      ("body base64 <<END\n!!!\nEND", "expected base64 text"),
      ("capture 1x json $.a", "expected a variable name"),
      ("expect body \"unclosed", "expected a quoted string"),
    ]
    for (text, message) in cases {
      let error = try #require(parseError(text), "\(text) parsed")
      #expect(error.message.hasPrefix(message), "\(text): \(error.message)")
      #expect(error.context.location.file == "shop.gws")
    }
  }

  @Test("lines are read in place: CRLF ends, blank and comment lines, a last line without a newline")
  func linesInPlace() throws {
    let text = "\r\n# note\r\nGET /a\r\n\n  \t\nbody <<END\r\none\r\nEND\r\nexpect status 200\r\nPOST /b"
    let statements = try SessionParser.parse(text, file: "crlf.gws")
    #expect(statements.map(\.location.line) == [3, 6, 9, 10])
    #expect(statements.map(\.text) == ["GET /a", "body <<END\none\r\nEND\r", "expect status 200", "POST /b"])
    #expect(statements.map(\.lineCount) == [1, 3, 1, 1])
    #expect(statements[1].command == .body(.text(Template("one\r\n"))))
    #expect(statements[2].command == .expect(.status(code: 200, reason: nil)))
    #expect(statements[3].command == .request(method: "POST", target: Template("/b")))
    #expect(try SessionParser.parse("\n\n").isEmpty)
    #expect(try SessionParser.parse("").isEmpty)
  }

  @Test("a status code is three digits, read on its bytes as it was read as text")
  func statusCodes() throws {
    let expectations: [(String, Session.Expectation)] = [
      ("expect status 200", .status(code: 200, reason: nil)),
      ("expect  status\t404 Not  Found ", .status(code: 404, reason: "Not  Found")),
      ("expect status 007", .status(code: 7, reason: nil)),
      // Three characters that Int reads: accepted before the byte reading, so still accepted.
      ("expect status +12", .status(code: 12, reason: nil)),
    ]
    for (line, expectation) in expectations {
      #expect(try SessionParser.parse(line).first?.command == .expect(expectation), "\(line)")
    }
    for word in ["2000", "20x", "٢٠٠", "20"] {
      let error = try #require(parseError("expect status \(word)"), "\(word) parsed")
      #expect(error.message == "expected a three-digit status code but found '\(word)'")
      #expect(error.context.location.column == 15 + word.unicodeScalars.count)
    }
  }

  @Test("a request line keeps its method as written, common or not")
  func methods() throws {
    for method in [
      "GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS", "PURGE", "GETS", "PUTT", "M-SEARCH", "OPTION",
    ] {
      let statement = try #require(try SessionParser.parse("\(method) /x").first)
      #expect(statement.command == .request(method: method, target: Template("/x")))
    }
  }

  @Test("a repeated line parses to what the same line parses to on its own")
  func repeatedLines() throws {
    // Lines of the same length that differ in one byte, leading spaces, a CRLF end, and more
    // distinct lines than the parser keeps; then the same in reverse, and a here-document
    // whose text is a request line.
    var lines = ["GET /a", "expect status 200", "GET /b", "expect status 404", "  GET /a", "GET /a\r"]
    lines += (1...10).map { "POST /items/\($0)" } + ["expect header X-Id: {{id}}", "let id 7", "HEAD /a"]
    let text =
      Array(repeating: (lines + lines.reversed()).joined(separator: "\n"), count: 3).joined(separator: "\n")
      + "\nbody <<END\nGET /a\nEND\nGET /a\n"
    let statements = try SessionParser.parse(text, file: "repeat.gws")
    // Split on the bytes: as Characters, "\r\n" is one and would not split.
    let sourceLines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
      .map { String(decoding: $0, as: UTF8.self) }
    #expect(statements.count == 6 * lines.count + 2)
    #expect(statements[statements.count - 2].command == .body(.text(Template("GET /a\n"))))
    for statement in statements where statement.lineCount == 1 {
      let line = sourceLines[statement.location.line - 1]
      let alone = try #require(try SessionParser.parse(line, file: "repeat.gws").first)
      #expect(statement.command == alone.command, "line \(statement.location.line): \(line)")
      #expect(statement.text == alone.text, "line \(statement.location.line): \(line)")
      #expect(statement.lineCount == alone.lineCount, "line \(statement.location.line): \(line)")
      #expect(statement.location.column == alone.location.column, "line \(statement.location.line): \(line)")
    }
  }

  @Test("statements of a repeated line stay values of their own")
  func repeatedLinesAreValues() throws {
    var statements = try SessionParser.parse("GET /a\nGET /a\nGET /a", file: "repeat.gws")
    #expect(statements[0] != statements[1])
    statements[1].location.line = 1
    #expect(statements[0] == statements[1])
    statements[1].command = .send
    statements[2].text = "GET /b"
    statements[2].lineCount = 2
    #expect(statements[0] != statements[1])
    #expect(statements[0].command == .request(method: "GET", target: Template("/a")))
    #expect(statements[0].text == "GET /a" && statements[0].lineCount == 1)
    #expect(statements[1].command == .send && statements[1].text == "GET /a")
    #expect(statements[2].text == "GET /b" && statements[2].lineCount == 2)
    #expect(statements[2].command == statements[0].command)
    #expect(statements[2].location.line == 3)
  }

  @Test("a file that sources itself is refused")
  func sourceCycle() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try "source b.gws\n".write(toFile: directory + "/a.gws", atomically: true, encoding: .utf8)
    try "source a.gws\n".write(toFile: directory + "/b.gws", atomically: true, encoding: .utf8)
    #expect {
      try SessionParser.parseFile(directory + "/a.gws")
    } throws: { error in
      guard case .sourceCycle = error as? SessionError else { return false }
      return true
    }
  }
}

extension ParserTests {
  @Test("a quoted body whose text starts with a combining mark parses: the mark does not hide the quote")
  func combiningMarkAfterQuote() throws {
    // Found by the session fuzz target: the recorder writes a body that starts with U+0344 this way.
    let statements = try SessionParser.parse("expect body \"\u{344}i\\u0000\"")
    #expect(statements[0].command == .expect(.body(.equals(.text(Template("\u{344}i\u{0}", expands: false))))))
  }
}
