// What every fuzz target uses to report a broken property: a message and an abort,
// which libFuzzer records as a crash with the input that caused it.
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

func fail(_ message: @autoclosure () -> String) -> Never {
  fputs("property failed: \(message())\n", stderr)
  abort()
}

func require(_ condition: Bool, _ message: @autoclosure () -> String) {
  if !condition { fail(message()) }
}
