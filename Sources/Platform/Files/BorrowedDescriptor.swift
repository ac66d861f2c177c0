import SystemPackage

/// A descriptor the process owns elsewhere (standard input, output and error): read and
/// written, never closed. A value, so a write to standard output allocates nothing.
package struct BorrowedDescriptor: Sendable {
  /// The descriptor's number.
  package let fd: Int32

  package init(_ fd: Int32) { self.fd = fd }

  /// Reads what is there, up to the buffer's size, waiting for it; 0 at the end of the file.
  package func readSome(into buffer: inout [UInt8]) throws(SystemCallError) -> Int {
    try FileDescriptor(rawValue: fd).readSome(into: &buffer)
  }

  /// Writes all of `bytes`, waiting while the descriptor is full, retrying interrupted and partial writes.
  package func writeEverything(_ bytes: some Collection<UInt8>) throws(SystemCallError) {
    try FileDescriptor(rawValue: fd).writeEverything(bytes)
  }

  /// Writes all of the bytes in `bytes`, as the collection form does, without going through a collection.
  package func writeEverything(_ bytes: UnsafeRawBufferPointer) throws(SystemCallError) {
    try FileDescriptor(rawValue: fd).writeEverything(bytes)
  }
}
