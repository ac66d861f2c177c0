import Foundation
import Testing

@Suite("The platform layer is the one place that calls the C library")
struct LayeringTests {
  /// The package's `Sources` folder, found from this file.
  private let sources = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Sources")

  @Test("no target above Platform imports Glibc or Darwin")
  func onlyPlatformImportsTheCLibrary() throws {
    let enumerator = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
    var offenders: [String] = []
    for case let file as URL in enumerator where file.pathExtension == "swift" {
      let relative = String(file.path.dropFirst(sources.path.count + 1))
      guard !relative.hasPrefix("Platform/") else { continue }
      let text = try String(contentsOf: file, encoding: .utf8)
      for line in text.split(separator: "\n") {
        let words = line.split(separator: " ")
        if let index = words.firstIndex(of: "import"), index + 1 < words.count,
          ["Glibc", "Darwin", "Musl"].contains(String(words[index + 1]))
        {
          offenders.append(relative)
        }
      }
    }
    #expect(offenders.isEmpty, "these files call the C library around the platform layer: \(offenders)")
  }
}
