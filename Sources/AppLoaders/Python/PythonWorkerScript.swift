import Platform

/// The Python side of the bridge, run with `python -c`: it imports the app, then
/// serves requests over binary frames (see ``FrameType`` and ``WorkerEvent``).
///
/// The script is `worker.py`, compiled into the binary as bytes (a SwiftPM
/// resource embedded in code), so a program embedding the shell needs no
/// resource bundle beside its executable and nothing is looked up at run time.
enum PythonWorkerScript {
  static let source = String(decoding: PackageResources.worker_py, as: UTF8.self)

  /// What the worker runs with `python -c`: a loader of the script's compiled
  /// code kept in gwsh's cache folder, or, when no folder can hold it, the script itself.
  ///
  /// Python compiles a `-c` program on every start, and compiling this one took
  /// 7 ms, which every Python app's start paid on top of its own imports. The
  /// loader takes the code object `marshal` kept for this interpreter's bytecode
  /// (`sys.implementation.cache_tag`), compiling and keeping it only the first time.
  static let program: String = cachedLoader() ?? source

  /// The loader, once the script is in the cache folder under a name made of its contents.
  private static func cachedLoader() -> String? {
    guard let folder = cacheFolder() else { return nil }
    let path = folder + "/worker-" + contentName() + ".py"
    if FileSystem.kind(of: path) == nil {
      try? FileSystem.createDirectory(folder, mode: 0o700, parents: true)
      do {
        try FileSystem.writeAtomically(PackageResources.worker_py, to: path, durable: false)
      } catch {
        return nil
      }
    }
    // The code is compiled as "<string>", as the script itself is: the worker
    // leaves its own frames out of tracebacks by that name.
    return """
      import marshal, os, sys
      def _load(path):
          cached = "%s.%s.marshal" % (path, sys.implementation.cache_tag)
          try:
              with open(cached, "rb") as file:
                  return marshal.load(file)
          except Exception:
              pass
          with open(path, "rb") as file:
              code = compile(file.read(), "<string>", "exec")
          try:
              temporary = "%s.%d" % (cached, os.getpid())
              with open(temporary, "wb") as file:
                  marshal.dump(code, file)
              os.replace(temporary, cached)
          except OSError:
              pass
          return code
      exec(_load(os.fsdecode(\(pythonBytes(path)))), {"__name__": "__main__", "__builtins__": __builtins__})
      """
  }

  /// `$XDG_CACHE_HOME/gwsh`, or `~/.cache/gwsh`.
  private static func cacheFolder() -> String? {
    if let cache = ProcessEnvironment.value(named: "XDG_CACHE_HOME"), cache.hasPrefix("/") { return cache + "/gwsh" }
    if let home = ProcessEnvironment.value(named: "HOME"), home.hasPrefix("/") { return home + "/.cache/gwsh" }
    return nil
  }

  /// The script's FNV-1a hash in hex: another gwsh's script gets another file.
  private static func contentName() -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in PackageResources.worker_py {
      hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }
    return String(hash, radix: 16)
  }

  /// A Python bytes literal of the path's bytes, whatever they hold.
  private static func pythonBytes(_ text: String) -> String {
    var literal = "b\""
    for byte in text.utf8 {
      let plain =
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
        || byte == UInt8(ascii: "_")
      literal += plain ? String(UnicodeScalar(byte)) : "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
    }
    return literal + "\""
  }
}
