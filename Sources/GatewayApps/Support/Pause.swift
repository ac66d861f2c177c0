import Platform

/// Blocks the thread running an app for `duration`, as a slow backend would.
func pause(_ duration: Duration) {
  Threads.sleep(for: duration)
}
