import ContentCoding
import Gateway
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Keeps a body that outgrew its in-memory head in a file, so the whole of it
/// can be shown or saved later while memory stays bounded.
///
/// A spill lives as long as the exchange holding it (the last response): it is
/// removed when the next one replaces it, by ``removeAll()`` when the shell
/// ends, and by ``removeAbandoned(in:)`` when a killed shell left it behind.
final class FileSpill: BodySpill {
  /// Where the body is.
  let path: String
  private let descriptor: Int32
  /// The spills of this process not yet removed, so the shell's exit (or a signal) can remove them.
  private static let live = Mutex<Set<String>>([])

  /// Creates an empty spill file in `directory`.
  /// - Throws: ``ShellError/fileSystem(operation:path:reason:)`` when the file cannot be created.
  init(directory: String) throws {
    // The process id in the name lets a later shell remove what a killed one left behind.
    var template = Array((directory + "/body-\(getpid())-XXXXXX").utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard descriptor >= 0 else {
      throw ShellError.fileSystem(
        operation: "create", path: directory + "/body-*", reason: String(cString: strerror(errno)))
    }
    self.descriptor = descriptor
    let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    self.path = path
    Self.live.withLock { _ = $0.insert(path) }
  }

  deinit {
    close(descriptor)
    if Self.live.withLock({ $0.remove(path) }) != nil { unlink(path) }
  }

  /// Removes every spill of this process: at the end of the shell, whatever still holds them
  /// (the last response, an app abandoned while it streams). An app still writing writes to a
  /// file no longer in the folder, whose space goes when the process ends.
  static func removeAll() {
    let paths = live.withLock { live in
      defer { live.removeAll() }
      return live
    }
    for path in paths { unlink(path) }
  }

  /// How many spills of this process are on disk.
  static var liveCount: Int { live.withLock { $0.count } }

  func append(_ bytes: ArraySlice<UInt8>) throws {
    var offset = bytes.startIndex
    while offset < bytes.endIndex {
      let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
      if written < 0 {
        if errno == EINTR { continue }
        throw ShellError.fileSystem(operation: "write", path: path, reason: String(cString: strerror(errno)))
      }
      offset += written
    }
  }

  /// Removes the bodies of shells that are no longer running (killed before they could clean up).
  /// - Parameter directory: The folder of spilled bodies.
  static func removeAbandoned(in directory: String) {
    guard let handle = opendir(directory) else { return }
    defer { closedir(handle) }
    while let entry = readdir(handle) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
      let parts = name.split(separator: "-")
      guard parts.count == 3, parts[0] == "body", let pid = Int32(parts[1]) else { continue }
      if kill(pid, 0) != 0, errno == ESRCH { unlink(directory + "/" + name) }
    }
  }

  /// Reads the spilled body in pieces, calling `body` with each until it returns `false`; memory stays at one piece.
  /// - Throws: ``ShellError/fileSystem(operation:path:reason:)`` when the file cannot be read.
  func forEachPiece(_ body: ([UInt8]) -> Bool) throws {
    let reader = open(path, O_RDONLY)
    guard reader >= 0 else {
      throw ShellError.fileSystem(operation: "open", path: path, reason: String(cString: strerror(errno)))
    }
    defer { close(reader) }
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(reader, $0.baseAddress, $0.count) }
      if count < 0, errno == EINTR { continue }
      if count < 0 {
        throw ShellError.fileSystem(operation: "read", path: path, reason: String(cString: strerror(errno)))
      }
      if count == 0 { return }
      if !body(Array(buffer[..<count])) { return }
    }
  }
}

// A coded body is decoded from its spill piece by piece, for showing and for expectations alike.
extension FileSpill: PieceReadable {}
