#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs `body` on a new thread of its own.
///
/// A watched dispatch must start at once even when every pooled thread is busy
/// (a pool may make it wait), and an abandoned app must not hold a pooled
/// thread for ever.
func runOnDedicatedThread(_ body: @escaping @Sendable () -> Void) {
  final class Box {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
  }
  let context = Unmanaged.passRetained(Box(body)).toOpaque()
  #if canImport(Glibc)
    var thread = pthread_t()
  #else
    var thread: pthread_t? = nil
  #endif
  let started = pthread_create(
    &thread, nil,
    { raw in
      #if canImport(Glibc)
        let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
      #else
        let box = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
      #endif
      box.body()
      return nil
    }, context)
  guard started == 0 else {
    // No thread could be made: run here rather than not at all.
    Unmanaged<Box>.fromOpaque(context).takeRetainedValue().body()
    return
  }
  pthread_detach(thread)
}
