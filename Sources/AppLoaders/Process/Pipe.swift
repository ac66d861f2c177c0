import Glibc

/// One end of a pipe or socket the loader owns, closed exactly once.
final class OwnedDescriptor: @unchecked Sendable {
  private(set) var fd: Int32

  init(_ fd: Int32) { self.fd = fd }

  deinit { close() }

  var isOpen: Bool { fd >= 0 }

  func close() {
    guard fd >= 0 else { return }
    _ = Glibc.close(fd)
    fd = -1
  }

  /// Makes reads and writes return at once instead of blocking, so one thread can serve several pipes.
  /// A fresh pipe end has no other status flag to keep, and F_SETFL ignores the access mode: one call.
  func setNonBlocking() {
    _ = fcntl(fd, F_SETFL, O_NONBLOCK)
  }

  /// Reads what is available, up to `count` bytes into `buffer`.
  /// - Returns: The bytes read; 0 at end of file; `nil` when nothing is available yet.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> Int? {
    while true {
      let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
      if count >= 0 { return count }
      switch errno {
      case EINTR: continue
      case EAGAIN: return nil
      default: throw SystemError(call: "read", errno: errno)
      }
    }
  }

  /// Writes what the pipe accepts now.
  /// - Returns: How many bytes were written; `nil` when the pipe is full.
  func write(_ bytes: UnsafeRawBufferPointer) throws(SystemError) -> Int? {
    while true {
      let count = Glibc.write(fd, bytes.baseAddress, bytes.count)
      if count >= 0 { return count }
      switch errno {
      case EINTR: continue
      case EAGAIN: return nil
      default: throw SystemError(call: "write", errno: errno)
      }
    }
  }

  /// Creates a pipe whose ends are closed in child processes unless passed on purpose.
  static func pipe() throws(SystemError) -> (read: OwnedDescriptor, write: OwnedDescriptor) {
    // Close-on-exec from the start, so a child spawned by another thread never
    // inherits an end (a leaked write end would keep a pipe from reaching end of
    // file); posix_spawn's dup2 clears the flag on the copies a child is meant to get.
    var fds: [Int32] = [-1, -1]
    if let pipe2 = PipeSymbols.pipe2 {
      guard pipe2(&fds, O_CLOEXEC) == 0 else { throw SystemError(call: "pipe2", errno: errno) }
    } else {
      guard Glibc.pipe(&fds) == 0 else { throw SystemError(call: "pipe", errno: errno) }
      for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    }
    return (OwnedDescriptor(fds[0]), OwnedDescriptor(fds[1]))
  }
}

/// A system call that failed, with the reason the system gave.
struct SystemError: Error, Sendable, CustomStringConvertible {
  var call: String
  var errno: Int32

  var description: String { "\(call) failed: \(String(cString: strerror(errno)))" }
}

/// Waits until one of the descriptors can be read (or written), or `timeout` passes.
/// - Returns: The `revents` of each descriptor, in order.
func pollDescriptors(_ requests: [(fd: Int32, events: Int16)], timeout: Duration) -> [Int16] {
  var fds = requests.map { pollfd(fd: $0.fd, events: $0.events, revents: 0) }
  let (seconds, attoseconds) = timeout.components
  let milliseconds = max(0, min(Int32.max, Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000)))
  let result = poll(&fds, nfds_t(fds.count), milliseconds)
  if result <= 0 { return fds.map { _ in 0 } }
  return fds.map(\.revents)
}

/// Ignores SIGPIPE once, so a child that exits before reading its input makes a
/// write fail with EPIPE instead of killing the shell.
let ignoreBrokenPipes: Void = {
  _ = signal(SIGPIPE, SIG_IGN)
}()

/// glibc's `pipe2`, which the Swift Glibc module does not import; looked up once at run time.
private enum PipeSymbols {
  typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32

  static let pipe2: Pipe2? = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pipe2") else { return nil }
    return unsafeBitCast(symbol, to: Pipe2.self)
  }()
}
