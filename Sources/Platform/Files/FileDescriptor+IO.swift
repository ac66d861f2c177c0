import Glibc
import SystemPackage

// Reads and writes with the retry on EINTR and the one error type of the platform
// layer; swift-system's own methods retry too, but throw its bare `Errno`.
extension FileDescriptor {
  /// Reads what is there, up to the buffer's size; 0 at the end of the file.
  package func readSome(into buffer: inout [UInt8], path: String? = nil) throws(SystemCallError) -> Int {
    let result = buffer.withUnsafeMutableBytes { raw in
      Result { () throws(SystemCallError) in try readSome(into: raw, path: path) }
    }
    return try result.get()
  }

  /// Reads what is there, up to the buffer's size; 0 at the end of the file.
  package func readSome(into buffer: UnsafeMutableRawBufferPointer, path: String? = nil) throws(SystemCallError) -> Int
  {
    try retryingInterrupts("read", path: path) { Glibc.read(rawValue, buffer.baseAddress, buffer.count) }
  }

  /// Reads what is available without waiting: `nil` when nothing is yet (a non-blocking pipe), 0 at its end.
  package func readAvailable(into buffer: UnsafeMutableRawBufferPointer) throws(SystemCallError) -> Int? {
    while true {
      let count = Glibc.read(rawValue, buffer.baseAddress, buffer.count)
      if count >= 0 { return count }
      switch errno {
      case EINTR: continue
      case EAGAIN: return nil
      default: throw .last("read")
      }
    }
  }

  /// Reads from `offset` without moving the file's position; 0 at the end.
  package func readSome(
    into buffer: UnsafeMutableRawBufferPointer, at offset: Int, path: String? = nil
  ) throws(SystemCallError) -> Int {
    try retryingInterrupts("pread", path: path) {
      Glibc.pread(rawValue, buffer.baseAddress, buffer.count, off_t(offset))
    }
  }

  /// Writes what the descriptor accepts now: `nil` when a non-blocking pipe is full.
  package func writeAvailable(_ bytes: UnsafeRawBufferPointer) throws(SystemCallError) -> Int? {
    while true {
      let count = Glibc.write(rawValue, bytes.baseAddress, bytes.count)
      if count >= 0 { return count }
      switch errno {
      case EINTR: continue
      case EAGAIN: return nil
      default: throw .last("write")
      }
    }
  }

  /// Writes all of `bytes`, retrying interrupted and partial writes.
  package func writeEverything(_ bytes: some Collection<UInt8>, path: String? = nil) throws(SystemCallError) {
    let written = bytes.withContiguousStorageIfAvailable { buffer in
      Result { () throws(SystemCallError) in try writeEverything(UnsafeRawBufferPointer(buffer), path: path) }
    }
    if let written { return try written.get() }
    let copy = Array(bytes)
    try copy.withUnsafeBytes { raw in
      Result { () throws(SystemCallError) in try writeEverything(raw, path: path) }
    }.get()
  }

  /// Writes all of `bytes`, retrying interrupted and partial writes.
  package func writeEverything(_ bytes: UnsafeRawBufferPointer, path: String? = nil) throws(SystemCallError) {
    var offset = 0
    while offset < bytes.count {
      let count = try retryingInterrupts("write", path: path) {
        Glibc.write(rawValue, bytes.baseAddress! + offset, bytes.count - offset)
      }
      offset += count
    }
  }

  /// Makes reads and writes return at once instead of blocking, so one thread can serve several pipes.
  /// A fresh pipe end has no other status flag to keep, and F_SETFL ignores the access mode: one call.
  package func setNonBlocking() {
    _ = fcntl(rawValue, F_SETFL, O_NONBLOCK)
  }

  /// Closes the descriptor, ignoring a failure: for descriptors nothing was written through,
  /// or whose writes were checked already.
  package func closeIgnoringErrors() {
    _ = Glibc.close(rawValue)
  }

  /// Whether the descriptor is a terminal.
  package var isTerminal: Bool { isatty(rawValue) == 1 }
}
