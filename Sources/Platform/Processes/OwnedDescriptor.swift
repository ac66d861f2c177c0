import CSystemShims
import Glibc
import SystemPackage

/// One end of a pipe or a file the process owns, closed exactly once: when asked, or when the last
/// reference goes.
package final class OwnedDescriptor: @unchecked Sendable {
  /// The descriptor's number, -1 once closed.
  package private(set) var fd: Int32

  package init(_ fd: Int32) { self.fd = fd }

  deinit { close() }

  package var isOpen: Bool { fd >= 0 }

  /// The descriptor, for swift-system's calls and the platform layer's own.
  package var descriptor: FileDescriptor { FileDescriptor(rawValue: fd) }

  package func close() {
    guard fd >= 0 else { return }
    _ = Glibc.close(fd)
    fd = -1
  }

  /// Makes reads and writes return at once instead of blocking, so one thread can serve several pipes.
  package func setNonBlocking() { descriptor.setNonBlocking() }

  /// Reads what is available, up to the buffer's size.
  /// - Returns: The bytes read; 0 at end of file; `nil` when nothing is available yet.
  package func read(into buffer: UnsafeMutableRawBufferPointer) throws(SystemCallError) -> Int? {
    try descriptor.readAvailable(into: buffer)
  }

  /// Writes what the pipe accepts now.
  /// - Returns: How many bytes were written; `nil` when the pipe is full.
  package func write(_ bytes: UnsafeRawBufferPointer) throws(SystemCallError) -> Int? {
    try descriptor.writeAvailable(bytes)
  }

  /// Reads what is there, up to the buffer's size, waiting for it; 0 at the end of the file.
  package func readSome(into buffer: inout [UInt8], path: String? = nil) throws(SystemCallError) -> Int {
    try descriptor.readSome(into: &buffer, path: path)
  }

  /// Reads what is there, up to the buffer's size, waiting for it; 0 at the end of the file.
  package func readSome(into buffer: UnsafeMutableRawBufferPointer, path: String? = nil) throws(SystemCallError) -> Int
  {
    try descriptor.readSome(into: buffer, path: path)
  }

  /// Reads from `offset` without moving the file's position; 0 at the end.
  package func readSome(
    into buffer: UnsafeMutableRawBufferPointer, at offset: Int, path: String? = nil
  ) throws(SystemCallError) -> Int {
    try descriptor.readSome(into: buffer, at: offset, path: path)
  }

  /// Writes all of `bytes`, waiting while the descriptor is full, retrying interrupted and partial writes.
  package func writeEverything(_ bytes: some Collection<UInt8>, path: String? = nil) throws(SystemCallError) {
    try descriptor.writeEverything(bytes, path: path)
  }

  /// Writes `head` then `body` with one `writev` where the descriptor takes both at once,
  /// without copying them together first; the rest piece by piece.
  package func writeEverything(_ head: UnsafeRawBufferPointer, then body: UnsafeRawBufferPointer)
    throws(SystemCallError)
  {
    var vector = (
      iovec(iov_base: UnsafeMutableRawPointer(mutating: head.baseAddress), iov_len: head.count),
      iovec(iov_base: UnsafeMutableRawPointer(mutating: body.baseAddress), iov_len: body.count)
    )
    let written = try retryingInterrupts("writev") {
      withUnsafeMutablePointer(to: &vector) { pointer in
        pointer.withMemoryRebound(to: iovec.self, capacity: 2) { writev(fd, $0, 2) }
      }
    }
    // A signal can cut a write to a full pipe short: the rest goes piece by piece.
    if written < head.count {
      try writeEverything(UnsafeRawBufferPointer(rebasing: head[written...]))
      try writeEverything(body)
    } else {
      try writeEverything(UnsafeRawBufferPointer(rebasing: body[(written - head.count)...]))
    }
  }

  /// Cuts the file to `size` bytes; `false` when it cannot be.
  package func truncate(to size: Int) -> Bool { ftruncate(fd, off_t(size)) == 0 }

  /// Asks for a pipe buffer of `bytes`; the kernel may grant less (a user's limit) or
  /// round up to pages. Returns the size granted, or `nil` when refused.
  @discardableResult
  package func setPipeCapacity(_ bytes: Int) -> Int? {
    let granted = gwsh_set_pipe_size(fd, Int32(clamping: bytes))
    return granted < 0 ? nil : Int(granted)
  }

  /// Creates a pipe whose ends are closed in child processes unless passed on purpose.
  package static func pipe() throws(SystemCallError) -> (read: OwnedDescriptor, write: OwnedDescriptor) {
    // Close-on-exec from the start, so a child spawned by another thread never
    // inherits an end (a leaked write end would keep a pipe from reaching end of
    // file); posix_spawn's dup2 clears the flag on the copies a child is meant to get.
    var fds: [Int32] = [-1, -1]
    guard gwsh_pipe_cloexec(&fds) == 0 else { throw .last("pipe2") }
    return (OwnedDescriptor(fds[0]), OwnedDescriptor(fds[1]))
  }

  /// An anonymous file in memory of `size` bytes (a memfd), closed in children, for sharing
  /// pages with a worker process by passing the descriptor.
  package static func memoryFile(named name: String, size: Int) throws(SystemCallError) -> OwnedDescriptor {
    let fd = gwsh_memfd_create(name)
    guard fd >= 0 else { throw .last("memfd_create") }
    let file = OwnedDescriptor(fd)
    guard ftruncate(fd, off_t(size)) == 0 else { throw .last("ftruncate") }
    return file
  }
}

/// Waits until one of the descriptors can be read (or written), or `timeout` passes.
/// - Returns: The `revents` of each descriptor, in order; all 0 when the time passed.
package func pollDescriptors(_ requests: [(fd: Int32, events: Int16)], timeout: Duration) -> [Int16] {
  var fds = requests.map { pollfd(fd: $0.fd, events: $0.events, revents: 0) }
  let (seconds, attoseconds) = timeout.components
  let milliseconds = max(0, min(Int32.max, Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000)))
  let result = poll(&fds, nfds_t(fds.count), milliseconds)
  if result <= 0 { return fds.map { _ in 0 } }
  return fds.map(\.revents)
}

/// The `poll` events gwsh waits for.
package enum PollEvent {
  /// Data to read, or the end of the file.
  package static let readable = Int16(POLLIN)
  /// Room to write.
  package static let writable = Int16(POLLOUT)
  /// The other end closed (a pipe's reader gone).
  package static let hangUp = Int16(POLLHUP)
  /// An error on the descriptor.
  package static let error = Int16(POLLERR)
}

extension OwnedDescriptor {
  /// A copy of the descriptor at a number of `lowest` or more, closed on exec: the spawn then
  /// copies it onto a low number in the child without one copy overwriting another, and the
  /// child keeps it (a copy onto its own number would keep the close-on-exec flag).
  package func duplicate(atLeast lowest: Int32) throws(SystemCallError) -> OwnedDescriptor {
    let copy = fcntl(fd, F_DUPFD_CLOEXEC, lowest)
    guard copy >= 0 else { throw .last("fcntl(F_DUPFD_CLOEXEC)") }
    return OwnedDescriptor(copy)
  }
}

/// Memory shared with a child process: an anonymous file in memory (a memfd), mapped here,
/// which the child maps through the descriptor it is given.
package final class SharedMemory: @unchecked Sendable {
  /// The file, to pass to the child.
  package let file: OwnedDescriptor
  /// The mapping's first byte.
  package let base: UnsafeMutableRawPointer
  /// Its size in bytes.
  package let size: Int

  /// Creates and maps `size` bytes; the descriptor sits at `lowestDescriptor` or above (see
  /// ``OwnedDescriptor/duplicate(atLeast:)``).
  package init(named name: String, size: Int, lowestDescriptor: Int32 = 3) throws(SystemCallError) {
    let created = gwsh_memfd_create(name)
    guard created >= 0 else { throw .last("memfd_create") }
    let file = try OwnedDescriptor(created).duplicate(atLeast: lowestDescriptor)
    guard ftruncate(file.fd, off_t(size)) == 0 else { throw .last("ftruncate") }
    guard let mapped = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, file.fd, 0),
      mapped != UnsafeMutableRawPointer(bitPattern: -1)
    else { throw .last("mmap") }
    self.file = file
    self.base = mapped
    self.size = size
  }

  deinit { munmap(base, size) }
}
