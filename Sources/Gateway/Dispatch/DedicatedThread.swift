import Dispatch
import Platform
import Synchronization

/// Runs `body` on a thread of its own: one that finished an earlier body and
/// waits for the next, or a new one.
///
/// A watched dispatch must start at once even when every other thread is busy
/// (a fixed pool may make it wait), and an abandoned app must not hold a pooled
/// thread for ever: so a thread is only reused once its body returned, and a
/// new one is made whenever none is waiting. Reuse matters because making and
/// ending a thread costs more than a whole native dispatch; a replayed session
/// dispatches thousands of times. Where no thread can be made, `body` runs on
/// the calling thread rather than not at all.
///
/// Shared with the package's other targets that need a plain thread (`gwsh run
/// --jobs`, the shell's exit clean-up): a POSIX thread, not Foundation's
/// `Thread`, which would link all of Foundation.
/// - Parameter body: What the thread runs.
package func runOnDedicatedThread(_ body: @escaping @Sendable () -> Void) {
  if let waiting = IdleThreads.shared.take() {
    waiting.hand(body)
  } else {
    IdleThreads.startThread(running: body)
  }
}

/// The threads that finished their body and wait, a while, for another.
private final class IdleThreads: Sendable {
  static let shared = IdleThreads()

  /// How many threads wait at most: a shell dispatches one request at a time.
  private static let limit = 2
  /// How long a thread waits for another body before it ends.
  private static let linger: DispatchTimeInterval = .seconds(10)

  private let waiting = Mutex<[IdleThread]>([])

  func take() -> IdleThread? { waiting.withLock { $0.popLast() } }

  /// Offers the calling thread for another body; `false` when enough threads wait already.
  private func offer(_ thread: IdleThread) -> Bool {
    waiting.withLock { list in
      guard list.count < Self.limit else { return false }
      list.append(thread)
      return true
    }
  }

  /// Takes the calling thread back out of the list when it stops waiting; `false` when a caller took it first.
  private func withdraw(_ thread: IdleThread) -> Bool {
    waiting.withLock { list in
      guard let index = list.firstIndex(where: { $0 === thread }) else { return false }
      list.remove(at: index)
      return true
    }
  }

  /// The life of one thread: run the body, then wait for the next until none comes.
  private func serve(_ first: @escaping @Sendable () -> Void) {
    var body = first
    while true {
      body()
      let thread = IdleThread()
      guard offer(thread) else { return }
      guard let next = thread.wait(for: Self.linger) ?? (withdraw(thread) ? nil : thread.wait(for: nil)) else {
        return
      }
      body = next
    }
  }

  static func startThread(running body: @escaping @Sendable () -> Void) {
    // No thread could be made: run here rather than not at all.
    if !Threads.startDetached({ shared.serve(body) }) { body() }
  }
}

/// A thread waiting for its next body.
private final class IdleThread: Sendable {
  private let arrived = DispatchSemaphore(value: 0)
  private let body = Mutex<(@Sendable () -> Void)?>(nil)
  private let handed = Atomic<Bool>(false)

  func hand(_ next: @escaping @Sendable () -> Void) {
    body.withLock { $0 = next }
    handed.store(true, ordering: .releasing)
    arrived.signal()
  }

  /// The next body, or `nil` when none came within `timeout` (`nil`: wait as long as it takes).
  func wait(for timeout: DispatchTimeInterval?) -> (@Sendable () -> Void)? {
    // A replay hands the next request over within microseconds: look before sleeping.
    // The semaphore is this thread's alone and not waited on again, so it is left signalled.
    if BriefSpin.until({ handed.load(ordering: .acquiring) }) { return body.withLock { $0 } }
    if let timeout {
      guard arrived.wait(timeout: .now() + timeout) == .success else { return nil }
    } else {
      arrived.wait()
    }
    return body.withLock { $0 }
  }
}
