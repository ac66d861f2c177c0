import Foundation
import Platform
import TestSupport
import Testing

@Suite("Child processes")
struct ChildProcessTests {
  /// Runs `sh -c script` with its stdout on a pipe, and returns what it wrote and how it ended.
  private func run(_ script: String, in directory: String? = nil) throws -> (output: String, ended: Termination?) {
    let pipe = try OwnedDescriptor.pipe()
    let child = try ChildProcess.spawn(
      ChildProcess.Configuration(
        executable: "/bin/sh", arguments: ["-c", script], environment: ["PATH=/usr/bin:/bin"],
        workingDirectory: directory, descriptors: [(pipe.write.fd, 1)]))
    pipe.write.close()
    var output: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = try pipe.read.readSome(into: &buffer)
      if count == 0 { break }
      output += buffer[..<count]
    }
    return (String(decoding: output, as: UTF8.self), child.wait(until: .now + .seconds(10)))
  }

  @Test("a child runs in the folder it is given, with only the environment it is given")
  func workingDirectoryAndEnvironment() throws {
    let folder = TemporaryFolder()
    defer { folder.remove() }
    let (output, ended) = try run("pwd; echo \"${HOME-unset}\"", in: folder.path)
    #expect(output == FileSystem.canonicalPath(folder.path)! + "\nunset\n")
    #expect(ended == .exited(0))
  }

  @Test("a program that cannot start says which and why")
  func missingProgram() {
    #expect {
      _ = try ChildProcess.spawn(
        ChildProcess.Configuration(
          executable: "/no/such/program", environment: [], workingDirectory: nil, descriptors: []))
    } throws: { error in
      (error as? SpawnError)?.description == "could not start /no/such/program: No such file or directory"
    }
  }

  @Test("stopping a child stops what it started too: its whole process group goes")
  func groupIsStopped() throws {
    let pipe = try OwnedDescriptor.pipe()
    let child = try ChildProcess.spawn(
      ChildProcess.Configuration(
        executable: "/bin/sh", arguments: ["-c", "sleep 60 & echo $!; wait"], environment: [],
        workingDirectory: nil, descriptors: [(pipe.write.fd, 1)]))
    pipe.write.close()
    var buffer = [UInt8](repeating: 0, count: 64)
    let count = try pipe.read.readSome(into: &buffer)
    let grandchild = Int32(
      String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))!
    #expect(ProcessEnvironment.processExists(grandchild))
    child.stopGroup()
    #expect(child.termination == .signaled(9))
    // The grandchild was killed with the group; once its parent is gone it is reaped by init.
    let giveUp = ContinuousClock.now + .seconds(5)
    while ProcessEnvironment.processExists(grandchild), ContinuousClock.now < giveUp {
      Threads.sleep(for: .milliseconds(5))
    }
    #expect(!ProcessEnvironment.processExists(grandchild))
  }

  @Test("memory shared with a child carries what the child writes")
  func sharedMemory() throws {
    let memory = try SharedMemory(named: "gwsh-test", size: 4096, lowestDescriptor: 10)
    let (_, ended) = try runWith(memory)
    #expect(ended == .exited(0))
    #expect(memory.base.load(as: UInt8.self) == UInt8(ascii: "x"))
  }

  private func runWith(_ memory: SharedMemory) throws -> (String, Termination?) {
    let child = try ChildProcess.spawn(
      ChildProcess.Configuration(
        executable: "/bin/sh", arguments: ["-c", "printf x >&5"], environment: [], workingDirectory: nil,
        descriptors: [(memory.file.fd, 5)]))
    return ("", child.wait(until: .now + .seconds(10)))
  }
}

extension ChildProcessTests {
  @Test("a child gets the descriptors it was given and no other, close-on-exec or not")
  func noOtherDescriptorsReachTheChild() throws {
    // A descriptor left open without close-on-exec, as a library or gwsh's own parent might leave one.
    let stray = open("/dev/null", O_RDONLY)
    defer { close(stray) }
    #expect(stray >= 0)
    let (output, ended) = try run("ls /proc/self/fd")
    #expect(ended == .exited(0))
    // 0 to 2 (1 is the pipe), and the descriptor `ls` opened to list the folder.
    let numbers = output.split(separator: "\n").compactMap { Int32($0) }
    #expect(!numbers.contains(stray), "the child inherited descriptor \(stray): \(numbers)")
    #expect(numbers.filter { $0 > 2 }.count <= 1, "the child holds more than it was given: \(numbers)")
  }
}
