import Foundation
import Gateway
import Synchronization

/// Keeps a response body past the in-memory head in a temporary file, removed
/// when the last exchange holding it goes away, so any body stays bounded in memory.
final class TemporaryFileSpill: BodySpill {
  let path: String
  private let handle: Mutex<FileHandle?>

  init?() {
    let path = NSTemporaryDirectory() + "gwsh-body-\(UUID().uuidString)"
    guard FileManager.default.createFile(atPath: path, contents: nil),
      let handle = FileHandle(forWritingAtPath: path)
    else { return nil }
    self.path = path
    self.handle = Mutex(handle)
  }

  func append(_ bytes: ArraySlice<UInt8>) throws {
    try handle.withLock { handle in
      guard let handle else { return }
      try handle.write(contentsOf: Data(bytes))
    }
  }

  deinit {
    handle.withLock { try? $0?.close() }
    try? FileManager.default.removeItem(atPath: path)
  }
}

/// Reads a request body from a file on demand, so a large file is never held in memory.
struct FileByteSource: ByteSource {
  let handle: FileHandle

  init(path: String) throws {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw FileProblem(path: path, reason: "it cannot be opened for reading")
    }
    self.handle = handle
  }

  mutating func read(upTo maxCount: Int) throws -> [UInt8] {
    guard maxCount > 0 else { return [] }
    let data = try handle.read(upToCount: min(maxCount, 1 << 20)) ?? Data()
    if data.isEmpty { try? handle.close() }
    return [UInt8](data)
  }
}

/// A file the session needed could not be used.
struct FileProblem: Error, CustomStringConvertible {
  var path: String
  var reason: String
  var description: String { "\(path): \(reason)" }
}

enum FileIO {
  /// The size of a regular file, or `nil` when it is not one.
  static func size(of path: String) -> Int? {
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
      attributes[.type] as? FileAttributeType == .typeRegular
    else { return nil }
    return (attributes[.size] as? NSNumber)?.intValue
  }

  static func read(_ path: String) -> [UInt8]? {
    FileManager.default.contents(atPath: path).map { [UInt8]($0) }
  }

  /// Writes `text` whole, through a temporary file renamed into place, so a failed save leaves the old file.
  static func write(_ text: String, to path: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
  }

  /// A body file's bytes, a request body reading the file on demand.
  static func requestBody(_ path: String) throws -> Request.Body {
    guard let count = size(of: path) else { throw FileProblem(path: path, reason: "it is not a readable file") }
    return .stream(count: count, open: { try FileByteSource(path: path) })
  }
}
