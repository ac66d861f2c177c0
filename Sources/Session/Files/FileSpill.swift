import ContentCoding
import Gateway
import Platform
import Synchronization

/// Keeps a body that outgrew its in-memory head in a file, so the whole of it can
/// be shown, decoded or checked later while memory stays bounded.
///
/// Two kinds, one type:
/// - a *named* spill in the shell's `bodies/` folder, which `show response --full`
///   prints and whose path the shell shows. It lives as long as the exchange holding
///   it: removed when the next one replaces it, by ``removeAll()`` when the shell
///   ends, and by ``removeAbandoned(in:)`` when a killed shell left it behind (the
///   process id in its name says whose it is);
/// - an *anonymous* spill (`gwsh run`), unlinked as soon as it is created: it has no
///   name to leak, and its space is freed when the exchange goes, however the process ends.
package final class FileSpill: BodySpill, PieceReadable {
  /// Where the body is; `nil` for an anonymous spill.
  package let path: String?
  /// The most bytes kept; an endless body is cut from the spill here (the core keeps counting and hashing).
  private let limit: Int
  private let file: OwnedDescriptor
  private let written = Mutex(0)
  /// The named spills of this process not yet removed, so the shell's exit (or a signal) can remove them.
  private static let live = Mutex<Set<String>>([])

  /// Creates an empty named spill file in `directory`.
  /// - Throws: ``FileProblem`` when the file cannot be created.
  package init(directory: String) throws(FileProblem) {
    do {
      // The process id in the name lets a later shell remove what a killed one left behind.
      let (file, path) = try FileSystem.createUniqueFile(prefix: directory + "/body-\(ProcessEnvironment.processID)-")
      self.file = file
      self.path = path
    } catch {
      throw FileProblem(path: directory + "/body-*", reason: error.reason)
    }
    limit = .max
    if let path { Self.live.withLock { _ = $0.insert(path) } }
  }

  /// Creates an anonymous spill in the temporary folder, holding at most `limit` bytes.
  /// - Throws: ``FileProblem`` when the file cannot be created.
  package init(anonymousUpTo limit: Int = 1 << 30) throws(FileProblem) {
    do {
      let (file, path) = try FileSystem.createUniqueFile(prefix: FileSystem.temporaryDirectory + "/gwsh-body-")
      FileSystem.remove(path)
      self.file = file
    } catch {
      throw FileProblem(path: FileSystem.temporaryDirectory + "/gwsh-body-*", reason: error.reason)
    }
    self.path = nil
    self.limit = limit
  }

  deinit {
    if let path, Self.live.withLock({ $0.remove(path) }) != nil { FileSystem.remove(path) }
  }

  /// Removes every named spill of this process: at the end of the shell, whatever still holds them
  /// (the last response, an app abandoned while it streams). An app still writing writes to a
  /// file no longer in the folder, whose space goes when the process ends.
  package static func removeAll() {
    let paths = live.withLock { live in
      defer { live.removeAll() }
      return live
    }
    for path in paths { FileSystem.remove(path) }
  }

  /// How many named spills of this process are on disk.
  package static var liveCount: Int { live.withLock { $0.count } }

  /// Removes the bodies of shells that are no longer running (killed before they could clean up).
  /// - Parameter directory: The folder of spilled bodies.
  package static func removeAbandoned(in directory: String) {
    for entry in FileSystem.entries(of: directory) ?? [] {
      let parts = entry.name.split(separator: "-")
      guard parts.count == 3, parts[0] == "body", let pid = Int32(parts[1]) else { continue }
      if !ProcessEnvironment.processExists(pid) { FileSystem.remove(directory + "/" + entry.name) }
    }
  }

  package func append(_ bytes: ArraySlice<UInt8>) throws {
    try written.withLock { total throws(FileProblem) in
      guard total + bytes.count <= limit else {
        throw FileProblem(path: "the body spill", reason: "the body passed \(limit) bytes; the rest is not kept")
      }
      do throws(SystemCallError) {
        try file.writeEverything(bytes, path: path)
      } catch {
        throw FileProblem(path: path ?? "the body spill", reason: error.reason)
      }
      total += bytes.count
    }
  }

  /// Reads the spilled body in pieces, calling `body` with each until it returns `false`; memory stays at one piece.
  /// - Throws: ``FileProblem`` when the file cannot be read.
  package func forEachPiece(_ body: ([UInt8]) -> Bool) throws {
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    var offset = 0
    while true {
      let count: Int
      do {
        count = try buffer.withUnsafeMutableBytes { raw in
          Result { () throws(SystemCallError) in try file.readSome(into: raw, at: offset, path: path) }
        }.get()
      } catch {
        throw FileProblem(path: path ?? "the body spill", reason: error.reason)
      }
      if count == 0 || !body(Array(buffer[..<count])) { return }
      offset += count
    }
  }
}
