import Foundation

/// Finds, and when missing installs, the real programs tests drive, so that
/// `swift test` passes on a fresh machine with nothing set up by hand.
public enum SystemTools {
  /// The path of `command` on PATH, installing `package` with apt-get first when it is missing.
  /// - Throws: ``SystemToolError`` when the command is missing and could not be installed.
  public static func require(_ command: String, aptPackage package: String) throws -> String {
    if let path = which(command) { return path }
    _ = try? ProcessRunner.run("/usr/bin/env", ["apt-get", "update", "-qq"])
    let install = try ProcessRunner.run(
      "/usr/bin/env", ["apt-get", "install", "-y", "-qq", package],
      environment: ProcessInfo.processInfo.environment.merging(["DEBIAN_FRONTEND": "noninteractive"]) { $1 })
    guard let path = which(command) else {
      throw SystemToolError(command: command, package: package, output: install.standardErrorText)
    }
    return path
  }

  /// The path of `command` on PATH (and the sbin folders, where Debian puts servers), or `nil`.
  public static func which(_ command: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    let folders = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin", "/usr/local/sbin"]
    return folders.map { "\($0)/\(command)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  /// The `gwsh` executable built beside the running test bundle.
  public static var gwshExecutable: String {
    let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    var folder = testBinary.deletingLastPathComponent()
    // On Linux the test runner is `<build>/debug/gwshPackageTests.xctest`; on macOS it sits inside a bundle.
    while !FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("gwsh").path),
      folder.path != "/"
    {
      folder = folder.deletingLastPathComponent()
    }
    return folder.appendingPathComponent("gwsh").path
  }
}

/// A program a test needs is missing and could not be installed.
public struct SystemToolError: Error, CustomStringConvertible {
  public let command: String
  public let package: String
  public let output: String

  /// Creates the error for `command`, from `package`, with what the failed attempt printed.
  public init(command: String, package: String, output: String) {
    self.command = command
    self.package = package
    self.output = output
  }

  public var description: String {
    "The test needs '\(command)' (Debian package \(package)), which is missing and could not be installed: \(output)"
  }
}
