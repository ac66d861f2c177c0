import Foundation
import Session
import TestSupport
import Testing

/// Session files written to break the parser (issue 19): each ends in a clear error naming the
/// file, line and column, through `gwsh run` as a user meets it, never a crash, a hang or an
/// error message of megabytes.
@Suite("Hostile session files")
struct HostileSessionFileTests {
  func gwshRun(_ file: String, in directory: String) throws -> ChildProgram.Result {
    try ChildProgram.run(SystemTools.gwshExecutable, ["run", file], currentDirectory: directory)
  }

  func write(_ bytes: [UInt8], _ name: String, in directory: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: directory + "/" + name))
  }

  func write(_ text: String, _ name: String, in directory: String) throws {
    try write(Array(text.utf8), name, in: directory)
  }

  @Test("random bytes: exit status 2 and an error at the first byte that is not UTF-8, nothing run")
  func randomBytes() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var generator = SeededGenerator(state: 19)
    let noise = (0..<65_536).map { _ in UInt8.random(in: 0...255, using: &generator) }
    try write(noise, "noise.gws", in: directory)
    let result = try gwshRun("noise.gws", in: directory)
    #expect(result.status == 2)
    let output = result.standardOutputText
    #expect(output.hasPrefix("noise.gws:"))
    #expect(output.contains("error: expected UTF-8 text"))
    #expect(output.contains("nothing was run"))
    #expect(output.utf8.count < 2_000, "the error stays short: \(output.utf8.count) bytes")
  }

  @Test("bytes that are not UTF-8, in a body, a header or a here-document: the line and column of the first one")
  func invalidUTF8() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let cases: [(bytes: [UInt8], line: Int, column: Int)] = [
      (Array("load echo\nbody caf\u{e9} ".utf8) + [0xFF, 0xFE] + Array("\nGET /\n".utf8), 2, 11),
      (Array("load echo\nheader X-Name: ".utf8) + [0xE9] + Array("t\u{e9}\nGET /\n".utf8), 2, 16),
      (Array("load echo\nbody <<END\nfine\n".utf8) + [0xC3, 0x28] + Array("\nEND\nGET /\n".utf8), 4, 1),
      (Array("load echo\nGET /\nexpect body ~ ok".utf8) + [0xF0, 0x9F, 0x98], 3, 17),
    ]
    for (index, example) in cases.enumerated() {
      try write(example.bytes, "bad\(index).gws", in: directory)
      let result = try gwshRun("bad\(index).gws", in: directory)
      #expect(result.status == 2, "case \(index): \(result.standardOutputText)")
      #expect(
        result.standardOutputText.hasPrefix(
          "bad\(index).gws:\(example.line):\(example.column): error: expected UTF-8 text"),
        "case \(index): \(result.standardOutputText)")
      #expect(result.standardOutputText.contains("nothing was run"))
    }
    // In a sourced file, the error names that file.
    try write(Array("load echo\n".utf8) + [0x80], "inner.gws", in: directory)
    try write("source inner.gws\n", "outer.gws", in: directory)
    let sourced = try gwshRun("outer.gws", in: directory)
    #expect(sourced.status == 2)
    #expect(sourced.standardOutputText.contains("inner.gws:2:1: error: expected UTF-8 text"))
  }

  @Test("a file that sources itself, directly or through another, is refused at the source line")
  func sourcesItself() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try write("load demo\nsource self.gws\nGET /\n", "self.gws", in: directory)
    let direct = try gwshRun("self.gws", in: directory)
    #expect(direct.status == 2)
    #expect(direct.standardOutputText.hasPrefix("self.gws:2:1: error: '"))
    #expect(direct.standardOutputText.contains("/self.gws' is already being sourced"))
    try write("source b.gws\n", "a.gws", in: directory)
    try write("let x 1\nsource ./a.gws\n", "b.gws", in: directory)
    let indirect = try gwshRun("a.gws", in: directory)
    #expect(indirect.status == 2)
    #expect(indirect.standardOutputText.contains("b.gws:2:1: error: "))
    #expect(indirect.standardOutputText.contains("is already being sourced"))
  }

  @Test("a file without end (source /dev/zero) is refused at the source line once it passes 256 MiB")
  func fileWithoutEnd() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try write("load demo\nsource /dev/zero\nGET /\n", "endless.gws", in: directory)
    let result = try gwshRun("endless.gws", in: directory)
    #expect(result.status == 2)
    #expect(
      result.standardOutputText.contains(
        "endless.gws:2:1: error: expected a session file of at most 256 MiB but found '/dev/zero'"),
      "\(result.standardOutputText)")
  }

  @Test("a chain of 10,000 files each sourcing the next stops at 64 with an error, not a stack overflow")
  func deepSourceChain() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let depth = 10_000
    for index in 0..<depth {
      try write(index == depth - 1 ? "load demo\n" : "source f\(index + 1).gws\n", "f\(index).gws", in: directory)
    }
    let result = try gwshRun("f0.gws", in: directory)
    #expect(result.status == 2, "\(result.standardOutputText)\(result.standardErrorText.prefix(500))")
    #expect(
      result.standardOutputText.contains("f63.gws:1:1: error: expected at most 64 files sourced one inside another"),
      "\(result.standardOutputText)")
    // Sixty-four levels are allowed.
    try write("load demo\n", "f63.gws", in: directory)
    #expect(try SessionParser.parseFile(directory + "/f0.gws").count == 1)
  }

  @Test("here-documents opened inside here-documents, ten thousand deep, are text; one left open is located")
  func nestedHereDocuments() throws {
    let depth = 10_000
    let openers = (0..<depth).map { "body <<E\($0)\n" }.joined()
    let closers = (0..<depth).reversed().map { "E\($0)\n" }.joined()
    let statements = try SessionParser.parse("load demo\n" + openers + closers + "GET /\n", file: "deep.gws")
    // The outer here-document ends at its own terminator, the last line; everything inside is its text.
    #expect(statements.count == 3)
    guard case .body(.text(let template)) = statements[1].command else {
      Issue.record("expected a body, got \(statements[1].command)")
      return
    }
    #expect(template.text.hasPrefix("body <<E1\nbody <<E2\n"))
    do {
      _ = try SessionParser.parse("load demo\n" + openers, file: "open.gws")
      Issue.record("an unterminated here-document parsed")
    } catch {
      #expect(error.context.location == SourceLocation(file: "open.gws", line: 2, column: 1))
      #expect(error.message == "expected a line 'E0' to end the here-document, but the file ended")
    }
  }

  @Test("a 30 MB line: parsed as a body, and as an unknown command an error of a few lines, without a hang")
  func thirtyMegabyteLine() throws {
    let long = String(repeating: "x", count: 30_000_000)
    let statements = try SessionParser.parse("load demo\nbody " + long + "\nGET /\n", file: "big.gws")
    guard case .body(.text(let template)) = statements[1].command else {
      Issue.record("expected a body, got \(statements[1].command)")
      return
    }
    #expect(template.text.utf8.count == 30_000_000)
    do {
      _ = try SessionParser.parse("load demo\n" + long + "\n", file: "big.gws")
      Issue.record("a 30 MB word parsed as a command")
    } catch {
      #expect(error.context.location == SourceLocation(file: "big.gws", line: 2, column: 1))
      #expect(error.description.hasPrefix("big.gws:2:1: error: unknown command 'xxxxxxxxxx"))
      #expect(error.description.utf8.count < 600, "an error of \(error.description.utf8.count) bytes")
    }
    // The column of an error far along the line still points at it, within the part shown.
    do {
      _ = try SessionParser.parse("load demo\nGET /" + long + " extra\n", file: "big.gws")
      Issue.record("a request line with a word after its target parsed")
    } catch {
      #expect(error.context.location.column == 30_000_007)
      let lines = error.description.split(separator: "\n")
      #expect(lines.count == 3 && lines[1].hasSuffix("x extra") && lines[2].hasSuffix(" ^"))
      #expect(lines[1].count == lines[2].count + "extra".count - 1)
    }
  }
}
