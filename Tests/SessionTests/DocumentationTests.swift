import Foundation
import Session
import TestSupport
import Testing

@Suite("The session format documentation")
struct DocumentationTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

  /// The fenced blocks under each `### ` heading of docs/session-format.md.
  static func examples() throws -> [(heading: String, text: String)] {
    let text = try String(contentsOfFile: root + "/docs/session-format.md", encoding: .utf8)
    var examples: [(String, String)] = []
    var heading = ""
    var block: [String]?
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("## ") { heading = "" }
      if line.hasPrefix("### ") { heading = String(line.dropFirst(4)) }
      if line.hasPrefix("```") {
        if let lines = block {
          if !heading.isEmpty { examples.append((heading, lines.joined(separator: "\n"))) }
          block = nil
        } else {
          block = []
        }
      } else if block != nil {
        block!.append(String(line))
      }
    }
    return examples
  }

  @Test("every command has a section with an example")
  func everyCommandDocumented() throws {
    let headings = try Self.examples().map(\.heading)
    for name in SessionParser.commandNames {
      #expect(headings.contains { $0.contains("`\(name)") }, "no example for \(name)")
    }
    #expect(headings.contains { $0.hasPrefix("`METHOD") })
  }

  @Test("every example parses, next to the files it names")
  func examplesParse() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    for file in ["order.json", "expected.html", "login.gws", "beach.jpg"] {
      try "".write(toFile: directory + "/" + file, atomically: true, encoding: .utf8)
    }
    let examples = try Self.examples()
    #expect(examples.count >= 25)
    for (heading, text) in examples {
      do {
        _ = try SessionParser.parse(text, file: "example", directory: directory)
      } catch {
        Issue.record("\(heading): \(error)")
      }
    }
  }
}
