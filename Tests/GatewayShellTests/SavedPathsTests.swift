import AppLoaders
import Foundation
import Session
import Testing

@testable import GatewayShell

@Suite("A session saved to another folder")
struct SavedPathsTests {
  @Test("names its files, programs and sourced sessions from there, and replays as the session ran")
  func relativePaths() throws {
    let project = FileManager.default.temporaryDirectory.appendingPathComponent("gwsh-saved-\(UUID())").path
    defer { try? FileManager.default.removeItem(atPath: project) }
    try FileManager.default.createDirectory(atPath: project + "/scenarios", withIntermediateDirectories: true)
    try "{\"item\": 1}\n".write(toFile: project + "/order.json", atomically: true, encoding: .utf8)
    try "GET /sourced\n".write(toFile: project + "/sub.gws", atomically: true, encoding: .utf8)
    try "#!/bin/sh\nprintf 'Content-Type: text/plain\\n\\nhello from cgi\\n'\n".write(
      toFile: project + "/hello.sh", atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: project + "/hello.sh")

    let loader = AppLoader(options: LoadOptions(workingDirectory: project))
    let output = CapturedOutput()
    let shell = Shell(
      engine: SessionEngine(loader: loader),
      input: ScriptedInput(lines: [
        "load echo", "body @order.json", "POST /", "source sub.gws", "load cgi:hello.sh as h", "GET /",
        "save scenarios/saved.gws", "save here.gws",
      ]),
      output: output, style: .plain, journal: nil, appNames: [])
    shell.directory = project
    shell.run()
    #expect(output.contents.contains("hello from cgi"), "\(output.contents)")

    let moved = try String(contentsOfFile: project + "/scenarios/saved.gws", encoding: .utf8)
    #expect(moved.contains("\nbody @../order.json\n"))
    #expect(moved.contains("\nsource ../sub.gws\n"))
    #expect(moved.contains("\nload cgi:../hello.sh as h\n"))
    // Saved beside them, the lines stay as typed.
    let beside = try String(contentsOfFile: project + "/here.gws", encoding: .utf8)
    #expect(beside.contains("\nbody @order.json\n"))
    #expect(beside.contains("\nload cgi:hello.sh as h\n"))

    // Replayed from elsewhere, as CI would: both files pass every recorded expectation.
    let replay = SessionRunner(loader: AppLoader(options: LoadOptions(workingDirectory: "/")))
    for file in [project + "/scenarios/saved.gws", project + "/here.gws"] {
      var printed: [String] = []
      let report = replay.run([file]) { printed.append($0) }
      #expect(report.exitCode == 0, "\(file): \(printed)")
    }
  }

  @Test("says where a Python app was imported from, which a file in another folder cannot name")
  func pythonModule() throws {
    let project = FileManager.default.temporaryDirectory.appendingPathComponent("gwsh-saved-\(UUID())").path
    defer { try? FileManager.default.removeItem(atPath: project) }
    try FileManager.default.createDirectory(atPath: project + "/scenarios", withIntermediateDirectories: true)
    try "def application(environ, start_response):\n    start_response('200 OK', [])\n    return [b'hi']\n"
      .write(toFile: project + "/tinyapp.py", atomically: true, encoding: .utf8)
    let shell = Shell(
      engine: SessionEngine(
        loader: AppLoader(options: LoadOptions(workingDirectory: project))),
      input: ScriptedInput(lines: ["load python:tinyapp", "GET /", "save scenarios/saved.gws", "save here.gws"]),
      output: CapturedOutput(), style: .plain, journal: nil, appNames: [])
    shell.directory = project
    shell.run()
    let moved = try String(contentsOfFile: project + "/scenarios/saved.gws", encoding: .utf8)
    #expect(
      moved.contains(
        "\n# python:tinyapp was imported from \(project): replay this file from there, or with PYTHONPATH=\(project)\nload python:tinyapp\n"
      ), "\(moved)")
    let beside = try String(contentsOfFile: project + "/here.gws", encoding: .utf8)
    #expect(!beside.contains("PYTHONPATH"))
    // Replayed from the project, as the note says, the file in scenarios/ imports the same module.
    let replay = SessionRunner(
      loader: AppLoader(options: LoadOptions(workingDirectory: project)))
    var printed: [String] = []
    let report = replay.run([project + "/scenarios/saved.gws"]) { printed.append($0) }
    #expect(report.exitCode == 0, "\(printed)")
  }

  @Test("a saved session and the journal of the same session name the same files, and replay the same")
  func savedAndJournaled() throws {
    let project = FileManager.default.temporaryDirectory.appendingPathComponent("gwsh-saved-\(UUID())").path
    defer { try? FileManager.default.removeItem(atPath: project) }
    try FileManager.default.createDirectory(atPath: project + "/scenarios", withIntermediateDirectories: true)
    try "{\"item\": 1}\n".write(toFile: project + "/order.json", atomically: true, encoding: .utf8)
    try "hello from cgi\n".write(toFile: project + "/page.txt", atomically: true, encoding: .utf8)
    try "#!/bin/sh\nprintf 'Content-Type: text/plain\\n\\nhello from cgi\\n'\n".write(
      toFile: project + "/hello.sh", atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: project + "/hello.sh")

    let journalFolder = project + "/journal"
    let shell = Shell(
      engine: SessionEngine(
        loader: AppLoader(options: LoadOptions(workingDirectory: project))),
      input: ScriptedInput(lines: [
        "load echo", "body @order.json", "POST /", "load cgi:hello.sh as h", "GET /", "expect body @page.txt",
        "POST /upload @order.json", "form file=@order.json", "POST /form",
        "save scenarios/saved.gws",
      ]),
      output: CapturedOutput(), style: .plain, journal: try Journal(folder: journalFolder), appNames: [])
    shell.directory = project
    shell.run()
    #expect(shell.failures == 0)

    let journalFile = try #require(try FileManager.default.contentsOfDirectory(atPath: journalFolder).first)
    let journal = try String(contentsOfFile: journalFolder + "/" + journalFile, encoding: .utf8)
    // The journal names every file absolutely, `expect body @file` and uploads included.
    for line in [
      "body @\(project)/order.json", "load cgi:\(project)/hello.sh as h",
      "expect body @\(project)/page.txt", "POST /upload @\(project)/order.json", "form file=@\(project)/order.json",
    ] {
      #expect(journal.contains("\n" + line + "\n"), "\(line) in \(journal)")
    }
    let saved = try String(contentsOfFile: project + "/scenarios/saved.gws", encoding: .utf8)
    #expect(saved.contains("\nexpect body @../page.txt\n"), "\(saved)")
    #expect(saved.contains("\nform file=@../order.json\n"), "\(saved)")

    // Both replayed from elsewhere: the same statements, the same requests, every expectation holds.
    let replay = SessionRunner(loader: AppLoader(options: LoadOptions(workingDirectory: "/")))
    var passed: [Int] = []
    for file in [project + "/scenarios/saved.gws", journalFolder + "/" + journalFile] {
      var printed: [String] = []
      let report = replay.run([file]) { printed.append($0) }
      #expect(report.exitCode == 0, "\(file): \(printed)")
      passed.append(report.passed)
    }
    #expect(passed[0] == passed[1] && passed[0] > 0, "\(passed)")
  }
}
