import CSystemShims
import Glibc
import SystemPackage

// Files through the C library, not Foundation: FileManager and FileHandle live in
// the full Foundation, whose loading (with ICU's data) was most of gwsh's start-up.

/// Paths, folders and whole files: what gwsh asks of the file system.
package enum FileSystem {
  /// The process's working directory, or "/" in the rare case it cannot be named (removed, or too deep).
  package static var workingDirectory: String {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    guard getcwd(&buffer, buffer.count) != nil else { return "/" }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// Where temporary files go: `$TMPDIR`, else /tmp.
  package static var temporaryDirectory: String {
    guard let value = ProcessEnvironment.value(named: "TMPDIR"), !value.isEmpty else { return "/tmp" }
    return value.count > 1 && value.hasSuffix("/") ? String(value.dropLast()) : value
  }

  /// What kind of thing a path names, following links; `nil` when it names nothing reachable.
  package static func kind(of path: String) -> FileKind? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    switch info.st_mode & S_IFMT {
    case S_IFREG: return .regular(size: Int(info.st_size), mode: info.st_mode & 0o7777)
    case S_IFDIR: return .directory
    default: return .other
    }
  }

  /// The size of a regular file, or `nil` when `path` is not one.
  package static func size(ofRegularFile path: String) -> Int? {
    if case .regular(let size, _)? = kind(of: path) { return size }
    return nil
  }

  /// Whether the process may do `access` to `path` (a missing file may do nothing).
  package static func allows(_ access: FileAccess, _ path: String) -> Bool {
    Glibc.access(path, access.rawValue) == 0
  }

  /// The absolute path with links and `..` resolved, or `nil` when it names nothing.
  package static func canonicalPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// The entries of a folder, `.` and `..` left out; `nil` when it cannot be listed.
  package static func entries(of folder: String) -> [DirectoryEntry]? {
    guard let handle = opendir(folder) else { return nil }
    defer { closedir(handle) }
    var result: [DirectoryEntry] = []
    while let entry = readdir(handle) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
      guard name != ".", name != ".." else { continue }
      let type = entry.pointee.d_type
      result.append(
        DirectoryEntry(
          name: name, isDirectory: type == UInt8(DT_DIR) ? true : type == UInt8(DT_UNKNOWN) ? nil : false))
    }
    return result
  }

  /// Creates `folder` and, when `parents`, the folders above it that are missing.
  ///
  /// A folder that exists costs one call: the parents are visited only when the folder itself is missing one.
  package static func createDirectory(_ folder: String, mode: mode_t, parents: Bool) throws(SystemCallError) {
    if mkdir(folder, mode) == 0 || errno == EEXIST { return }
    guard parents, errno == ENOENT, let slash = folder.lastIndex(of: "/"), slash != folder.startIndex else {
      throw .last("mkdir", path: folder)
    }
    try createDirectory(String(folder[..<slash]), mode: mode, parents: true)
    if mkdir(folder, mode) != 0, errno != EEXIST { throw .last("mkdir", path: folder) }
  }

  /// Creates an empty file at `path` with `mode`, unless one is there.
  package static func createIfMissing(_ path: String, mode: mode_t) {
    let descriptor = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, mode)
    if descriptor >= 0 { close(descriptor) }
  }

  /// Creates a file that must not exist yet, for writing at its end, closed in children.
  /// - Throws: ``SystemCallError``; ``SystemCallError/alreadyExists`` says another has the name.
  package static func createNew(_ path: String, mode: mode_t) throws(SystemCallError) -> OwnedDescriptor {
    OwnedDescriptor(
      try retryingInterrupts("open", path: path) {
        open(path, O_CREAT | O_EXCL | O_WRONLY | O_APPEND | O_CLOEXEC, mode)
      })
  }

  /// Removes a file; `false` when it could not be removed (already gone, most often).
  @discardableResult
  package static func remove(_ path: String) -> Bool { unlink(path) == 0 }

  /// Creates an empty file readable and writable by the user only, named `prefix`
  /// followed by six random characters.
  /// - Returns: The file, open for reading and writing, and its path.
  package static func createUniqueFile(prefix: String) throws(SystemCallError) -> (OwnedDescriptor, path: String) {
    var template = Array((prefix + "XXXXXX").utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { gwsh_make_unique_file($0.baseAddress!) }
    guard descriptor >= 0 else { throw .last("mkstemp", path: prefix + "XXXXXX") }
    let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return (OwnedDescriptor(descriptor), path)
  }

  /// Opens a file for reading, its descriptor closed in programs a child executes.
  package static func openForReading(_ path: String) throws(SystemCallError) -> OwnedDescriptor {
    OwnedDescriptor(try retryingInterrupts("open", path: path) { open(path, O_RDONLY | O_CLOEXEC) })
  }

  /// A file's content up to `limit` bytes, and whether it held more (a device such as `/dev/zero` never ends).
  package static func read(_ path: String, limit: Int = .max) throws(SystemCallError) -> (bytes: [UInt8], cut: Bool) {
    let file = try openForReading(path)
    var content: [UInt8] = []
    // A regular file's size is known: room for it at once, rather than a copy of all read so far at each doubling.
    var info = stat()
    if fstat(file.fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG {
      content.reserveCapacity(min(Int(info.st_size), limit) + 1)
    }
    // No larger than a read up to the limit needs: a journal's first line is read with a limit of 256.
    var buffer = [UInt8](repeating: 0, count: limit < 1 << 16 ? limit + 1 : 1 << 16)
    while true {
      let count = try file.readSome(into: &buffer, path: path)
      if count == 0 { return (content, false) }
      guard content.count + count <= limit else {
        content += buffer[..<min(count, limit - content.count)]
        return (content, true)
      }
      content += buffer[..<count]
    }
  }

  /// A file's last `count` bytes (all of it when it is shorter), read without reading the rest:
  /// a journal can be hundreds of megabytes.
  package static func readEnd(_ path: String, count: Int) throws(SystemCallError) -> [UInt8] {
    let file = try openForReading(path)
    var info = stat()
    guard fstat(file.fd, &info) == 0 else { throw .last("stat", path: path) }
    let start = max(0, Int(info.st_size) - count)
    var bytes = [UInt8](repeating: 0, count: Int(info.st_size) - start)
    let read = bytes.withUnsafeMutableBytes { pread(file.fd, $0.baseAddress, $0.count, off_t(start)) }
    guard read >= 0 else { throw .last("read", path: path) }
    return Array(bytes.prefix(read))
  }

  /// Writes `bytes` whole through a temporary file renamed into place, so a failed
  /// write leaves the old file as it was.
  ///
  /// The new file keeps the old one's permissions; a new one gets the usual 0666 less the umask.
  /// - Parameter durable: Whether the bytes reach the disk before the rename (`fsync`), for files a
  ///   person saved; a cache can do without.
  package static func writeAtomically(
    _ bytes: some Collection<UInt8>, to path: String, durable: Bool
  ) throws(SystemCallError) {
    let (file, temporary) = try createUniqueFile(prefix: path + ".gwsh-")
    do throws(SystemCallError) {
      defer { file.close() }
      let mode: mode_t
      if case .regular(_, let existing)? = kind(of: path) {
        mode = existing
      } else {
        let mask = umask(0)
        umask(mask)
        mode = 0o666 & ~mask
      }
      guard fchmod(file.fd, mode) == 0 else { throw SystemCallError.last("chmod", path: path) }
      try file.writeEverything(bytes, path: path)
      if durable, fsync(file.fd) != 0 { throw SystemCallError.last("fsync", path: path) }
      guard rename(temporary, path) == 0 else { throw SystemCallError.last("rename", path: path) }
    } catch {
      unlink(temporary)
      throw error
    }
  }
}

/// What a path names.
package enum FileKind: Equatable, Sendable {
  /// A regular file, with its size and permission bits.
  case regular(size: Int, mode: mode_t)
  case directory
  /// A device, a pipe, a socket.
  case other
}

/// What the process may do with a file, for ``FileSystem/allows(_:_:)``.
package struct FileAccess: OptionSet, Sendable {
  package let rawValue: Int32
  package init(rawValue: Int32) { self.rawValue = rawValue }
  /// The file exists.
  package static let exists = FileAccess([])
  package static let read = FileAccess(rawValue: R_OK)
  package static let write = FileAccess(rawValue: W_OK)
  package static let execute = FileAccess(rawValue: X_OK)
}

/// One entry of a folder.
package struct DirectoryEntry: Sendable, Equatable {
  package var name: String
  /// Whether it is a folder, or `nil` when the file system did not say (then ask ``FileSystem/kind(of:)``).
  package var isDirectory: Bool?
}
