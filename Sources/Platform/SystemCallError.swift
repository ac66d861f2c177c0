import Glibc
import SystemPackage

/// A system call that failed: which call, on what, and the reason the system gave.
///
/// The one error of the platform layer; the layers above turn it into the words
/// their user needs ("the body file cannot be read: …").
package struct SystemCallError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The call, as the manual names it: `open`, `write`, `posix_spawn`.
  package var call: String
  /// The file the call was about, when there was one.
  package var path: String?
  /// The reason.
  package var errno: Errno

  package init(_ call: String, path: String? = nil, errno: Errno) {
    self.call = call
    self.path = path
    self.errno = errno
  }

  /// The error of a call that just failed and set the C library's `errno`.
  package static func last(_ call: String, path: String? = nil) -> SystemCallError {
    SystemCallError(call, path: path, errno: Errno(rawValue: Glibc.errno))
  }

  /// Whether the call failed because the name was taken already.
  package var alreadyExists: Bool { errno == .fileExists }

  /// The system's words for the reason: "No such file or directory".
  package var reason: String { errno.description }

  package var description: String {
    if let path { return "\(call) \(path): \(reason)" }
    return "\(call) failed: \(reason)"
  }
}

/// Runs a call again for as long as a signal interrupts it.
/// - Returns: What the call returned, which is not -1.
/// - Throws: ``SystemCallError`` naming `call` for any other failure.
@inline(__always)
package func retryingInterrupts<Result: BinaryInteger>(
  _ call: String, path: String? = nil, _ body: () -> Result
) throws(SystemCallError) -> Result {
  while true {
    let result = body()
    if result != -1 { return result }
    if Glibc.errno != EINTR { throw .last(call, path: path) }
  }
}
