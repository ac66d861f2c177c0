import Glibc

/// The sanitizer build's stand-in for the standard library's `Synchronization.Mutex`, compiled into
/// each module `Sanitizers/run.sh` builds, where it shadows the one that module imports.
///
/// Thread Sanitizer cannot see the real one's hand-over when it is contended: its slow path is a
/// priority-inheriting futex inside the uninstrumented `libswiftSynchronization.so`, so two
/// accesses inside the same lock look unordered (docs/robustness.md, "`Synchronization.Mutex` and
/// Thread Sanitizer"). A `pthread_mutex_t`, which Thread Sanitizer intercepts, gives the same
/// exclusion and lets the tool see it; the code under test is otherwise unchanged.
struct Mutex<Value>: @unchecked Sendable {
  private final class Storage {
    var value: Value
    let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    init(_ value: Value) {
      self.value = value
      pthread_mutex_init(lock, nil)
    }

    deinit {
      pthread_mutex_destroy(lock)
      lock.deallocate()
    }
  }

  private let storage: Storage

  init(_ initialValue: Value) { storage = Storage(initialValue) }

  func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
    pthread_mutex_lock(storage.lock)
    defer { pthread_mutex_unlock(storage.lock) }
    return try body(&storage.value)
  }
}
