import ContentCoding
import Gateway
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// Files through the C library, not Foundation: FileHandle and the file
// attributes live in the full Foundation, whose loading (with ICU's data) was
// most of the shell's start-up.

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
    var template = Array((FileIO.temporaryDirectory + "/gwsh-body-XXXXXX").utf8CString)
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
      do {
        try FileIO.writeAll(bytes, to: descriptor)
      } catch let failure as FileIO.SystemFailure {
        throw FileProblem(path: "the body spill", reason: failure.reason)
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
  private let file: OpenFile

  init(path: String) throws {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw FileProblem(path: path, reason: "it cannot be opened for reading")
    }
    file = OpenFile(descriptor: descriptor, path: path)
  }

  mutating func read(upTo maxCount: Int) throws -> [UInt8] {
    guard maxCount > 0, file.descriptor >= 0 else { return [] }
    let bytes = try file.read(upTo: min(maxCount, 1 << 20))
    if bytes.isEmpty { file.close() }
    return bytes
  }
}

/// A descriptor opened for reading, closed once: when the file ended, or when the last copy of its source goes.
private final class OpenFile: @unchecked Sendable {
  private(set) var descriptor: Int32
  let path: String

  init(descriptor: Int32, path: String) {
    self.descriptor = descriptor
    self.path = path
  }

  deinit { close() }

  func close() {
    guard descriptor >= 0 else { return }
    _ = closeDescriptor(descriptor)
    descriptor = -1
  }

  /// Up to `count` bytes; empty at the end of the file.
  func read(upTo count: Int) throws -> [UInt8] {
    var result = [UInt8](repeating: 0, count: count)
    var filled = 0
    while filled < count {
      let got = result.withUnsafeMutableBytes { readDescriptor(descriptor, $0.baseAddress! + filled, count - filled) }
      if got < 0 {
        if errno == EINTR { continue }
        throw FileProblem(path: path, reason: String(cString: strerror(errno)))
      }
      if got == 0 { break }
      filled += got
    }
    result.removeSubrange(filled...)
    return result
  }
}

/// A file the session needed could not be used.
struct FileProblem: Error, CustomStringConvertible {
  var path: String
  var reason: String
  var description: String { "\(path): \(reason)" }
}

enum FileIO {
  /// A system call that failed, with the system's reason.
  struct SystemFailure: Error {
    var reason: String
    init(errno code: Int32) { reason = String(cString: strerror(code)) }
  }

  /// Where temporary files go: `$TMPDIR`, else /tmp.
  static var temporaryDirectory: String {
    guard let value = getenv("TMPDIR"), value.pointee != 0 else { return "/tmp" }
    let path = String(cString: value)
    return path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
  }

  /// The absolute folder holding `path` (a relative path is taken from the working directory).
  static func folder(of path: String) -> String {
    var absolute = path
    if !path.hasPrefix("/") {
      let cwd = FilePaths.workingDirectory
      absolute = (cwd.hasSuffix("/") ? cwd : cwd + "/") + path
    }
    guard let slash = absolute.lastIndex(of: "/") else { return "." }
    return slash == absolute.startIndex ? "/" : String(absolute[..<slash])
  }

  /// The size of a regular file, or `nil` when it is not one.
  static func size(of path: String) -> Int? {
    var info = stat()
    guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
    return Int(info.st_size)
  }

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
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    let file = OpenFile(descriptor: descriptor, path: path)
    var content: [UInt8] = []
    while true {
      guard let chunk = try? file.read(upTo: 1 << 16) else { return nil }
      if chunk.isEmpty { return (content, false) }
      guard content.count + chunk.count <= limit else { return (content, true) }
      content += chunk
    }
  }

  /// Writes `text` whole, through a temporary file renamed into place, so a failed save leaves the old file.
  ///
  /// The new file keeps the old one's permissions; a new one gets the usual 0666 less the umask.
  static func write(_ text: String, to path: String) throws {
    var template = Array((path + ".gwsh-XXXXXX").utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard descriptor >= 0 else { throw FileProblem(path: path, reason: String(cString: strerror(errno))) }
    let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    do {
      defer { close(descriptor) }
      var existing = stat()
      let mode: mode_t
      if stat(path, &existing) == 0 {
        mode = existing.st_mode & 0o7777
      } else {
        let mask = umask(0)
        umask(mask)
        mode = 0o666 & ~mask
      }
      guard fchmod(descriptor, mode) == 0 else { throw SystemFailure(errno: errno) }
      try writeAll(Array(text.utf8)[...], to: descriptor)
      guard fsync(descriptor) == 0 else { throw SystemFailure(errno: errno) }
      guard rename(temporary, path) == 0 else { throw SystemFailure(errno: errno) }
    } catch let failure as SystemFailure {
      unlink(temporary)
      throw FileProblem(path: path, reason: failure.reason)
    }
  }

  /// Writes all of `bytes`, retrying interrupted and partial writes.
  static func writeAll(_ bytes: ArraySlice<UInt8>, to descriptor: Int32) throws(SystemFailure) {
    var offset = bytes.startIndex
    while offset < bytes.endIndex {
      let count = bytes[offset...].withUnsafeBytes { writeDescriptor(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw SystemFailure(errno: errno)
      }
      offset += count
    }
  }

  /// A body file's bytes, a request body reading the file on demand.
  static func requestBody(_ path: String) throws -> Request.Body {
    guard let count = size(of: path) else { throw FileProblem(path: path, reason: "it is not a readable file") }
    return .stream(count: count, open: { try FileByteSource(path: path) })
  }
}

// The C calls under names no method shadows.
private func readDescriptor(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
  read(descriptor, buffer, count)
}
private func writeDescriptor(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
  write(descriptor, buffer, count)
}
private func closeDescriptor(_ descriptor: Int32) -> Int32 { close(descriptor) }

// `gwsh run` decodes a coded body past the in-memory head from its spill, for `expect body` and `expect json`.
extension TemporaryFileSpill: PieceReadable {
  func forEachPiece(_ body: ([UInt8]) -> Bool) throws {
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    var offset = 0
    while true {
      let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
      if count < 0, errno == EINTR { continue }
      if count < 0 { throw FileProblem(path: "the body spill", reason: String(cString: strerror(errno))) }
      if count == 0 || !body(Array(buffer[..<count])) { return }
      offset += count
    }
  }
}
