import Foundation
import Testing

@testable import AppLoaders

/// The frame letters are written once in Swift (`FrameType`) and once in the worker
/// script: these tests keep the two, and the docs' frame tables, in step.
@Suite("Python frame types")
struct PythonFrameTypeTests {
  /// The `_FRAME_NAME = ord("L")` constants of the script gwsh runs (the one compiled into the binary).
  static func scriptConstants() -> [String: UInt8] {
    var constants: [String: UInt8] = [:]
    for line in PythonWorkerScript.source.split(separator: "\n") where line.hasPrefix("_FRAME_") {
      let parts = line.split(separator: " ")
      guard parts.count >= 3, parts[1] == "=", parts[2].hasPrefix("ord(\""), let letter = parts[2].dropFirst(5).first
      else {
        Issue.record("a frame constant not written as _FRAME_NAME = ord(\"L\"): \(line)")
        continue
      }
      constants[String(parts[0].dropFirst("_FRAME_".count))] = letter.asciiValue
    }
    return constants
  }

  /// `startResponsePrefixed` as the script spells it: `START_RESPONSE_PREFIXED`.
  static func pythonName(_ type: FrameType) -> String {
    String("\(type)".flatMap { $0.isUppercase ? ["_", $0] : [Character($0.uppercased())] })
  }

  @Test("every frame type in Swift has the same letter in the worker script, and the script has no other")
  func scriptMatchesEnum() {
    let constants = Self.scriptConstants()
    #expect(!constants.isEmpty)
    let expected = Dictionary(uniqueKeysWithValues: FrameType.allCases.map { (Self.pythonName($0), $0.rawValue) })
    #expect(constants == expected)
  }

  @Test("the script gwsh runs is the worker.py in the sources")
  func embeddedScriptIsTheFile() throws {
    let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Sources/AppLoaders/Python/worker.py")
    #expect(try String(contentsOf: file, encoding: .utf8) == PythonWorkerScript.source)
  }

  @Test("every letter in the frame tables of docs/loaders.md is a frame type")
  func docsNameOnlyFrameTypes() throws {
    let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("docs/loaders.md")
    let text = try String(contentsOf: file, encoding: .utf8)
    guard let section = text.components(separatedBy: "## The worker's frames").dropFirst().first else {
      Issue.record("docs/loaders.md has no section \"The worker's frames\"")
      return
    }
    let letters = Set(FrameType.allCases.map(\.letter))
    var seen = 0
    for line in section.components(separatedBy: "\n## ")[0].split(separator: "\n") where line.hasPrefix("| `") {
      let cell = line.dropFirst(2).prefix { $0 != "|" }
      for name in cell.split(separator: "`").enumerated().filter({ $0.offset % 2 == 0 }).map(\.element)
      where name.count == 1 {
        seen += 1
        #expect(letters.contains(name.first!), "docs/loaders.md names frame `\(name)`, which FrameType lacks")
      }
    }
    #expect(seen > 10)
  }
}
