import Foundation
import Gateway
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Keeps a response body past the in-memory head in a temporary file, so any
/// body stays bounded in memory. The file is unlinked as soon as it is created:
/// it has no name to leak, and its space is freed when the exchange holding it
/// goes away or the process ends, however it ends.
final class TemporaryFileSpill: BodySpill {
  /// The most bytes spilled; an endless body is cut from the spill here (the core keeps counting and hashing).
  static let limit = 1 << 30
  private let descriptor: Int32
  private let written = Mutex(0)

  init?() {
    var template = Array((NSTemporaryDirectory() + "/gwsh-body-XXXXXX").utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard descriptor >= 0 else { return nil }
    template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    self.descriptor = descriptor
  }

  func append(_ bytes: ArraySlice<UInt8>) throws {
    try written.withLock { total in
      guard total + bytes.count <= Self.limit else {
        throw FileProblem(path: "the body spill", reason: "the body passed \(Self.limit) bytes; the rest is not kept")
      }
      var offset = bytes.startIndex
      while offset < bytes.endIndex {
        let count = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if count < 0 {
          if errno == EINTR { continue }
          throw FileProblem(path: "the body spill", reason: String(cString: strerror(errno)))
        }
        offset += count
      }
      total += bytes.count
    }
  }

  deinit {
    close(descriptor)
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
