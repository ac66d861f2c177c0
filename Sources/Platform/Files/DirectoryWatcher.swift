import Glibc

/// Watches the files under a folder with inotify (`gwsh --reload` watches `.py` files).
///
/// The kernel queues the changes; the caller takes them when it is ready, so a
/// burst of writes (an editor saving, a `git checkout`) is one change, and nothing
/// polls the disk in between.
package final class DirectoryWatcher {
  private let descriptor: Int32
  /// Each watch's folder, to name the file that changed.
  private var folders: [Int32: String] = [:]
  /// Folders that never hold the app's code, and can be huge.
  private static let skipped: Set<String> = ["__pycache__", "node_modules", ".build", "venv", ".venv", ".git"]
  /// The kernel's default allows 8192 watches per user; a project rarely has this many folders.
  private static let maximumFolders = 2000

  /// The ending of the files watched, such as `.py`.
  private let suffix: String

  /// Starts watching the files ending in `suffix` in `directory` and the folders under it.
  /// - Returns: `nil` when inotify is unavailable.
  package init?(directory: String, suffix: String) {
    self.suffix = suffix
    descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
    guard descriptor >= 0 else { return nil }
    add(directory)
  }

  deinit { close(descriptor) }

  private static let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MOVED_FROM)

  private func add(_ folder: String) {
    guard folders.count < Self.maximumFolders else { return }
    let watch = inotify_add_watch(descriptor, folder, Self.mask | UInt32(IN_ONLYDIR))
    guard watch >= 0 else { return }
    folders[watch] = folder
    guard let listing = opendir(folder) else { return }
    defer { closedir(listing) }
    while let entry = readdir(listing) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      guard entry.pointee.d_type == UInt8(DT_DIR), !name.hasPrefix("."), !Self.skipped.contains(name) else {
        continue
      }
      add(folder + "/" + name)
    }
  }

  /// The watched files written, moved, created or removed since the last call, each once.
  package func takeChangedFiles() -> [String] {
    var changed: [String] = []
    var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      if count < 0, errno == EINTR { continue }
      guard count > 0 else { break }
      var offset = 0
      let headSize = MemoryLayout<inotify_event>.size
      while offset + headSize <= count {
        let (watch, mask, length) = buffer.withUnsafeBytes { raw in
          let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
          return (event.wd, event.mask, Int(event.len))
        }
        let nameBytes = buffer[(offset + headSize)..<min(count, offset + headSize + length)]
        let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
        offset += headSize + length
        guard let folder = folders[watch] else { continue }
        let path = folder + "/" + name
        if mask & UInt32(IN_ISDIR) != 0 {
          if mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0, !name.hasPrefix("."), !Self.skipped.contains(name) {
            add(path)
          }
        } else if name.hasSuffix(suffix), !changed.contains(path) {
          changed.append(path)
        }
      }
    }
    return changed
  }
}
