import Foundation
import Session
import Testing

@Suite("The example sessions in sessions/")
struct SessionsFolderTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("sessions").path

  static var files: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".gws") }.sorted()
  }

  @Test("the folder holds the examples the README promises")
  func examplesExist() {
    #expect(Self.files.count >= 5, "found \(Self.files) in \(Self.folder)")
  }

  @Test("every example session replays green", arguments: files)
  func replay(file: String) throws {
    var output: [String] = []
    let report = SessionRunner().run([Self.folder + "/" + file]) { output.append($0) }
    #expect(report.exitCode == 0, "\(output.joined(separator: "\n"))")
    #expect(report.failed == 0)
    #expect(report.passed > 0)
  }

  @Test("every example says what it shows in its first comment", arguments: files)
  func describesItself(file: String) throws {
    let text = try String(contentsOfFile: Self.folder + "/" + file, encoding: .utf8)
    #expect(text.hasPrefix("# "))
  }
}
