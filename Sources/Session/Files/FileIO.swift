import Gateway
import Platform

/// A file the session needed could not be used: which, and why, in words for the user.
package struct FileProblem: Error, CustomStringConvertible {
  package var path: String
  package var reason: String
  package var description: String { "\(path): \(reason)" }

  package init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }
}

/// The files a session reads and writes, through the platform layer: a session
/// file, a body file (`body @file`), a saved session.
enum FileIO {
  /// The absolute folder holding `path` (a relative path is taken from the working directory).
  static func folder(of path: String) -> String {
    var absolute = path
    if !path.hasPrefix("/") {
      let cwd = FileSystem.workingDirectory
      absolute = (cwd.hasSuffix("/") ? cwd : cwd + "/") + path
    }
    guard let slash = absolute.lastIndex(of: "/") else { return "." }
    return slash == absolute.startIndex ? "/" : String(absolute[..<slash])
  }

  /// The size of a regular file, or `nil` when it is not one.
  static func size(of path: String) -> Int? { FileSystem.size(ofRegularFile: path) }

  /// A file's whole content as text (invalid UTF-8 repaired), or `nil` when it cannot be read.
  static func readText(_ path: String) -> String? {
    read(path).map { String(decoding: $0, as: UTF8.self) }
  }

  /// A file's whole content, or `nil` when it cannot be read.
  static func read(_ path: String) -> [UInt8]? {
    read(path, limit: .max)?.bytes
  }

  /// A file's content up to `limit` bytes, and whether it held more (a device such as
  /// `/dev/zero` never ends); `nil` when it cannot be read.
  static func read(_ path: String, limit: Int) -> (bytes: [UInt8], cut: Bool)? {
    try? FileSystem.read(path, limit: limit)
  }

  /// Writes `text` whole, through a temporary file renamed into place, so a failed save leaves the old file.
  ///
  /// The new file keeps the old one's permissions; a new one gets the usual 0666 less the umask.
  static func write(_ text: String, to path: String) throws(FileProblem) {
    do {
      try FileSystem.writeAtomically(text.utf8, to: path, durable: true)
    } catch {
      throw FileProblem(path: path, reason: error.reason)
    }
  }

  /// A body file's bytes, a request body reading the file on demand.
  static func requestBody(_ path: String) throws -> Request.Body {
    guard let count = size(of: path) else { throw FileProblem(path: path, reason: "it is not a readable file") }
    return .stream(count: count, open: { try FileByteSource(path: path) })
  }
}

/// Reads a request body from a file on demand, so a large file is never held in memory.
struct FileByteSource: ByteSource {
  private let file: OwnedDescriptor
  private let path: String

  init(path: String) throws(FileProblem) {
    do {
      file = try FileSystem.openForReading(path)
    } catch {
      throw FileProblem(path: path, reason: "it cannot be opened for reading")
    }
    self.path = path
  }

  mutating func read(upTo maxCount: Int) throws -> [UInt8] {
    guard maxCount > 0, file.isOpen else { return [] }
    var buffer = [UInt8](repeating: 0, count: min(maxCount, 1 << 20))
    var filled = 0
    // Fills the buffer: a short read from a file means its end.
    while filled < buffer.count {
      let count: Int
      do {
        count = try buffer.withUnsafeMutableBytes { raw in
          Result { () throws(SystemCallError) in
            try file.readSome(into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]), path: path)
          }
        }.get()
      } catch {
        throw FileProblem(path: path, reason: error.reason)
      }
      if count == 0 { break }
      filled += count
    }
    buffer.removeSubrange(filled...)
    if buffer.isEmpty { file.close() }
    return buffer
  }
}
