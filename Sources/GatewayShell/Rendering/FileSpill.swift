import Gateway

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Keeps a body that outgrew its in-memory head in a file, so the whole of it
/// can be shown or saved later while memory stays bounded.
final class FileSpill: BodySpill {
  /// Where the body is.
  let path: String
  private let descriptor: Int32

  /// Creates an empty spill file in `directory`.
  /// - Throws: ``ShellError/fileSystem(operation:path:reason:)`` when the file cannot be created.
  init(directory: String) throws {
    var template = Array((directory + "/body-XXXXXX").utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard descriptor >= 0 else {
      throw ShellError.fileSystem(
        operation: "create", path: directory + "/body-*", reason: String(cString: strerror(errno)))
    }
    self.descriptor = descriptor
    self.path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  deinit {
    close(descriptor)
    unlink(path)
  }

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

  /// Reads the spilled body in pieces, calling `body` with each; memory stays at one piece.
  /// - Throws: ``ShellError/fileSystem(operation:path:reason:)`` when the file cannot be read.
  func forEachPiece(_ body: ([UInt8]) -> Void) throws {
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
      body(Array(buffer[..<count]))
    }
  }
}
