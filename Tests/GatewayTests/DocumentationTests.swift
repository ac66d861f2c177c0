import Foundation
import Gateway
import Testing

@Suite("The README documents the core")
struct DocumentationTests {
  @Test("every validator rule appears in the README's table with its severity")
  func rulesTable() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
    for rule in Rule.all {
      #expect(readme.contains("| `\(rule.id)` | \(rule.severity) |"), "README lacks \(rule.id)")
    }
  }
}
