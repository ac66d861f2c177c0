import Foundation

/// A folder that exists for one test: the one temporary-folder helper of every test target.
///
/// Every folder made is removed when the test process ends, whether or not its test removed it:
/// many hand theirs to a shell or a replay that may still be using it when the test returns.
public struct TemporaryFolder: Sendable {
  public let path: String

  /// The folders made in this process, for the removal at its end.
  private static let made = LockedPaths()

  /// Creates a new, empty folder under the system's temporary folder; a test cannot go on without one.
  public init(prefix: String = "gwsh-test") {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    do {
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    } catch {
      fatalError("no temporary folder for the test: \(error)")
    }
    path = url.path
    Self.made.add(path)
  }

  /// Writes `text` to `name` in the folder (its folders created), optionally executable, and returns its path.
  ///
  /// Written through a descriptor closed on exec: tests run in parallel, and a child another
  /// test starts meanwhile (a Python worker lives for a whole test) would otherwise hold the
  /// file open for writing, and running it would fail with "Text file busy".
  @discardableResult
  public func write(_ name: String, _ text: String, executable: Bool = false) -> String {
    let file = "\(path)/\(name)"
    let folder = (file as NSString).deletingLastPathComponent
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    guard let handle = fopen(file, "we") else { fatalError("cannot write \(file) for the test") }
    fputs(text, handle)
    fclose(handle)
    if executable { chmod(file, 0o755) }
    return file
  }

  /// Removes the folder and everything in it.
  public func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Paths gathered from tests running in parallel, removed when the process exits.
private final class LockedPaths: @unchecked Sendable {
  private let lock = NSLock()
  private var paths: [String] = []

  init() {
    // A closure with no captures is a C function: it reaches the paths through the one instance.
    atexit { TemporaryFolder.removeEveryFolderMade() }
  }

  func add(_ path: String) {
    lock.lock()
    defer { lock.unlock() }
    paths.append(path)
  }

  func takeAll() -> [String] {
    lock.lock()
    defer { lock.unlock() }
    defer { paths = [] }
    return paths
  }
}

extension TemporaryFolder {
  fileprivate static func removeEveryFolderMade() {
    for path in made.takeAll() { try? FileManager.default.removeItem(atPath: path) }
  }
}
