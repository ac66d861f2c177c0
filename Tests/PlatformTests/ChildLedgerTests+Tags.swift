import Foundation
import Platform
import TestSupport
import Testing

/// A gwsh killed between starting a child and noting it leaves no entry for that child: the
/// next start finds the child by the shell's name in its environment. (In the ledger's suite,
/// which runs its tests one at a time: the ledger is the process's own.)
extension ChildLedgerTests {
  /// Starts `sleep 60` carrying `tag` as the shell's name, with no entry of its own in any ledger.
  private func unnotedChild(tag: String) throws -> ChildProcess {
    try ChildProcess.spawn(
      ChildProcess.Configuration(
        executable: "/bin/sleep", arguments: ["60"], environment: ["\(ChildLedger.variable)=\(tag)"],
        workingDirectory: nil, descriptors: []))
  }

  @Test("a dead shell's child that has no entry of its own is stopped, and the shell's entry removed")
  func unnotedChildOfADeadShellIsStopped() throws {
    let folder = TemporaryFolder()
    defer { folder.remove() }
    let name = "\(try deadProcessID())-12345"
    let child = try unnotedChild(tag: name)
    folder.write("shell-" + name, "")
    #expect(ChildLedger.stopAbandoned(in: folder.path) == 1)
    #expect(child.wait(until: .now + .seconds(10)) == .signaled(SIGKILL))
    #expect(FileSystem.entries(of: folder.path)?.map(\.name) == [])
  }

  @Test("a child of a shell still running is left alone, and so is the shell's entry")
  func childOfARunningShellIsLeftAlone() throws {
    let folder = TemporaryFolder()
    defer { folder.remove() }
    // This test process stands for the running shell: its id and its start time.
    let start = try #require(
      (try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8))?.split(separator: ")").last?
        .split(separator: " ").dropFirst(19).first)
    let name = "\(getpid())-\(start)"
    let child = try unnotedChild(tag: name)
    defer { child.stopGroup() }
    folder.write("shell-" + name, "")
    #expect(ChildLedger.stopAbandoned(in: folder.path) == 0)
    #expect(child.poll() == nil)
    #expect(FileSystem.entries(of: folder.path)?.map(\.name) == ["shell-" + name])
  }

  @Test("a child carrying another shell's name, one that merely starts the same, is left alone")
  func nameMustMatchWhole() throws {
    let folder = TemporaryFolder()
    defer { folder.remove() }
    let dead = try deadProcessID()
    let child = try unnotedChild(tag: "\(dead)-123456")
    defer { child.stopGroup() }
    folder.write("shell-\(dead)-12345", "")
    #expect(ChildLedger.stopAbandoned(in: folder.path) == 0)
    #expect(child.poll() == nil)
  }

  @Test("a shell keeping a ledger notes itself, names its children after itself, and removes its note when it stops")
  func shellNotesItself() throws {
    let folder = TemporaryFolder()
    defer { folder.remove() }
    ChildLedger.keep(in: folder.path)
    let child = try ChildProcess.spawn(
      ChildProcess.Configuration(
        executable: "/bin/sleep", arguments: ["60"], environment: [], workingDirectory: nil, descriptors: []))
    defer { child.stopGroup() }
    let names = FileSystem.entries(of: folder.path)?.map(\.name) ?? []
    let shell = try #require(names.first { $0.hasPrefix("shell-\(getpid())-") })
    // The parent goes on as soon as the child's exec replaced its memory, a moment before the
    // kernel shows its environment: read until it does.
    var environment = ""
    let giveUp = ContinuousClock.now + .seconds(5)
    while environment.isEmpty, ContinuousClock.now < giveUp {
      environment = (try? String(contentsOfFile: "/proc/\(child.pid)/environ", encoding: .utf8)) ?? ""
    }
    #expect(environment.split(separator: "\0").contains("\(ChildLedger.variable)=\(shell.dropFirst(6))"))
    ChildLedger.keep(in: nil)
    let after = FileSystem.entries(of: folder.path)?.map(\.name) ?? []
    #expect(!after.contains(shell))
  }
}
