import Foundation
import TestSupport
import Testing

@Suite("The example sessions for each loader kind, replayed by gwsh run")
struct LoaderSessionsTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

  static var files: [String] {
    let folder = root + "/sessions/loaders"
    return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".gws") }
      .sorted()
  }

  @Test("there is a session for CGI programs, one for Python apps and a Django admin login")
  func examplesExist() {
    #expect(Self.files == ["cgi-program.gws", "django-admin.gws", "python-app.gws"])
  }

  @Test("each replays green, run from the repository root with a path relative to it", arguments: files)
  func replay(file: String) throws {
    let result = try ChildProgram.run(
      SystemTools.gwshExecutable, ["run", "sessions/loaders/\(file)"],
      environment: ProcessInfo.processInfo.environment.merging(["GWSH_EXAMPLE_SECRET": "leaked"]) { $1 },
      currentDirectory: Self.root)
    #expect(result.status == 0, "\(result.standardOutputText)\(result.standardErrorText)")
    #expect(result.standardOutputText.contains(" 0 failed"))
  }
}
