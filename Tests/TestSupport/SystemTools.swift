import Foundation

/// Finds the real programs tests drive. Tests never install anything:
/// `.ci/run` installs what they need, so a missing program is a set-up error
/// that says which package to install.
public enum SystemTools {
  /// The path of `command` on PATH.
  /// - Throws: ``SystemToolError`` when the command is missing, naming the Debian package that has it.
  public static func require(_ command: String, aptPackage package: String) throws -> String {
    guard let path = which(command) else { throw SystemToolError(command: command, package: package) }
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

/// A program a test needs is missing or does not work.
public struct SystemToolError: Error, CustomStringConvertible {
  public let command: String
  public let package: String
  /// What went wrong when the program is there but did not work, or empty when it is missing.
  public let output: String

  /// Creates the error for `command`, which the Debian package `package` installs.
  public init(command: String, package: String, output: String = "") {
    self.command = command
    self.package = package
    self.output = output
  }

  public var description: String {
    guard output.isEmpty else { return "The test needs '\(command)' (Debian package \(package)): \(output)" }
    return "The test needs '\(command)', which is missing: `bash .ci/run` installs it (Debian package \(package))"
  }
}
