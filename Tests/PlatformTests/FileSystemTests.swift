import Foundation
import Platform
import TestSupport
import Testing

@Suite("Files through the platform layer")
struct FileSystemTests {
  @Test("a file written atomically replaces the old one whole and keeps its permissions")
  func atomicWriteKeepsMode() throws {
    let folder = TemporaryFolder()
    defer { folder.remove() }
    let path = folder.write("script.sh", "old\n", executable: true)
    try FileSystem.writeAtomically("new\n".utf8, to: path, durable: true)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
    #expect(FileSystem.allows(.execute, path))
    // No temporary file is left beside it.
    #expect(FileSystem.entries(of: folder.path)?.map(\.name) == ["script.sh"])
  }

  @Test("a failed write names the call, the file and the system's reason, and leaves nothing behind")
  func failedWriteSaysWhy() throws {
    let folder = TemporaryFolder()
    defer { folder.remove() }
    let missing = folder.path + "/no/such/folder/file"
    #expect(throws: SystemCallError.self) { try FileSystem.writeAtomically([1, 2], to: missing, durable: false) }
    do {
      try FileSystem.writeAtomically([1, 2], to: missing, durable: false)
    } catch {
      #expect(error.description == "mkstemp \(missing).gwsh-XXXXXX: No such file or directory")
    }
  }

  @Test("reading stops at a limit and says the file held more: /dev/zero never ends")
  func readIsBounded() throws {
    let (bytes, cut) = try FileSystem.read("/dev/zero", limit: 100_000)
    #expect(bytes.count == 100_000)
    #expect(cut)
    let folder = TemporaryFolder()
    defer { folder.remove() }
    let path = folder.write("short", "abc")
    #expect(try FileSystem.read(path, limit: 3) == ([97, 98, 99], false))
  }

  @Test("folders are created with their parents; what a path names is told apart")
  func foldersAndKinds() throws {
    let folder = TemporaryFolder()
    defer { folder.remove() }
    let deep = folder.path + "/a/b/c"
    try FileSystem.createDirectory(deep, mode: 0o700, parents: true)
    try FileSystem.createDirectory(deep, mode: 0o700, parents: true)
    #expect(FileSystem.kind(of: deep) == .directory)
    #expect(FileSystem.kind(of: deep + "/none") == nil)
    let file = folder.write("a/b/c/f", "12345")
    #expect(FileSystem.size(ofRegularFile: file) == 5)
    #expect(FileSystem.kind(of: "/dev/null") == .other)
    #expect(throws: SystemCallError.self) { try FileSystem.createDirectory(file + "/x", mode: 0o700, parents: false) }
  }

  @Test("a unique file is created for the user only, and removed on request")
  func uniqueFiles() throws {
    let folder = TemporaryFolder()
    defer { folder.remove() }
    let (file, path) = try FileSystem.createUniqueFile(prefix: folder.path + "/body-")
    try file.writeEverything(Array("hello".utf8), path: path)
    let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    #expect(mode == 0o600)
    var buffer = [UInt8](repeating: 0, count: 16)
    let count = try buffer.withUnsafeMutableBytes { raw in
      Result { () throws(SystemCallError) in try file.readSome(into: raw, at: 1, path: path) }
    }.get()
    #expect(Array(buffer[..<count]) == Array("ello".utf8))
    #expect(FileSystem.remove(path))
    #expect(!FileSystem.remove(path))
  }
}
