import Foundation
import Session
import TestSupport
import Testing

@Suite("save: what the saved file holds, and what it replaces")
struct SaveTests {
  /// Runs `lines` as typed at the prompt, each expected to work.
  func typed(_ lines: [String], in engine: SessionEngine) -> [SessionEvent] {
    lines.flatMap { line in
      let events = engine.execute(line: line)
      #expect(events.errors.isEmpty, "\(line): \(events.errors.map(\.message))")
      return events
    }
  }

  func replay(_ path: String, variables: [String: String] = [:]) -> (exitCode: Int32, output: [String]) {
    var output: [String] = []
    let report = SessionRunner(variables: variables).run([path]) { output.append($0) }
    return (report.exitCode, output)
  }

  @Test("a body file a reset cleared before any request is left out, so its removal does not break the replay")
  func clearedBodyFile() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try "{\"draft\": 1}\n".write(toFile: directory + "/draft.json", atomically: true, encoding: .utf8)
    let engine = SessionEngine()
    _ = typed(
      ["load echo", "body @\(directory)/draft.json", "reset", "GET /", "body first", "body second"], in: engine)
    try FileManager.default.removeItem(atPath: directory + "/draft.json")
    let events = typed(["POST /", "save \(directory)/out.gws"], in: engine)
    #expect(!events.contains { if case .message = $0 { true } else { false } })
    let saved = try String(contentsOfFile: directory + "/out.gws", encoding: .utf8)
    #expect(!saved.contains("draft.json"), "\(saved)")
    #expect(!saved.contains("body first"), "\(saved)")
    #expect(saved.contains("reset\nGET /\n"), "\(saved)")
    #expect(saved.contains("body second\nPOST /\n"), "\(saved)")
    let (exitCode, output) = replay(directory + "/out.gws")
    #expect(exitCode == 0, "\(output)\n\(saved)")
  }

  @Test("a body file a request sent, since removed, is kept and the save says the replay needs it")
  func sentBodyFileGone() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try "sent\n".write(toFile: directory + "/sent.txt", atomically: true, encoding: .utf8)
    let engine = SessionEngine()
    _ = typed(["load echo", "body @\(directory)/sent.txt", "POST /", "reset"], in: engine)
    try FileManager.default.removeItem(atPath: directory + "/sent.txt")
    let events = typed(["save \(directory)/out.gws"], in: engine)
    let notes = events.compactMap { if case .message(let text) = $0 { text } else { nil } }
    #expect(
      notes == [
        "note: the saved session sends the body file \(directory)/sent.txt, which no longer exists; a replay needs it back"
      ])
    #expect(try String(contentsOfFile: directory + "/out.gws", encoding: .utf8).contains("body @"))
  }

  @Test(
    "at the prompt, save refuses to replace a file this session did not write; --force does, and its own it replaces")
  func overwrite() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/precious.gws"
    try "# someone's work\n".write(toFile: path, atomically: true, encoding: .utf8)
    let engine = SessionEngine()
    _ = typed(["load demo", "GET /"], in: engine)
    let refused = engine.execute(line: "save \(path)")
    #expect(
      refused.errors.map(\.message) == [
        "could not use '\(path)': the file already exists, and this session did not write it; 'save --force \(path)' replaces it, or choose another name"
      ])
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "# someone's work\n")
    _ = typed(["save --force \(path)", "GET /api/items", "save \(path)"], in: engine)
    #expect(try String(contentsOfFile: path, encoding: .utf8).contains("GET /api/items\n"))
    // A session file rewrites its own output on every run.
    let file = directory + "/writes.gws"
    try "load demo\nGET /\nsave \(path)\n".write(toFile: file, atomically: true, encoding: .utf8)
    #expect(replay(file).exitCode == 0)
  }

  @Test("save into a folder that does not exist, or onto a folder, says which; source of a folder says it is one")
  func unusablePlaces() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let engine = SessionEngine()
    _ = typed(["load demo", "GET /"], in: engine)
    let messages = ["save \(directory)/missing/out.gws", "save \(directory)", "source \(directory)"].flatMap {
      engine.execute(line: $0).errors.map(\.message)
    }
    #expect(
      messages == [
        "could not use '\(directory)/missing/out.gws': there is no folder '\(directory)/missing' to save into; create it first",
        "could not use '\(directory)': it is a folder; save writes a file, such as '\(directory)/session.gws'",
        "expected a readable file at '\(directory)', but it is a folder",
      ])
  }

  @Test("save --redact turns a form's and a JSON body's secret fields into variables, also where the app echoed them")
  func redactBodies() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/redacted.gws"
    let engine = SessionEngine()
    _ = typed(
      [
        "load echo", "header Content-Type: application/x-www-form-urlencoded",
        "body user=ada&password=hunter22&remember=1", "POST /login", "header Content-Type: application/json",
        #"body {"name": "ci", "api_key": "k-1234567", "client_secret": "sh-9876543"}"#, "POST /keys",
        "GET /reset?token=t0k3n-abc&user=ada", "GET /again?token=t0k3n-abc", "GET /other?token=zz-other-1",
        "save --redact \(path)",
      ], in: engine)
    let saved = try String(contentsOfFile: path, encoding: .utf8)
    // One name, two values: a variable each; the same value again is the same variable.
    #expect(saved.contains("GET /again?token={{token}}\n"), "\(saved)")
    #expect(saved.contains("GET /other?token={{token_2}}\n"), "\(saved)")
    for secret in ["hunter22", "k-1234567", "sh-9876543", "t0k3n-abc", "zz-other-1"] {
      #expect(!saved.contains(secret), "\(secret) in \(saved)")
    }
    #expect(saved.contains("body user=ada&password={{password}}&remember=1\n"), "\(saved)")
    #expect(saved.contains(#""api_key": "{{api_key}}""#), "\(saved)")
    #expect(saved.contains("GET /reset?token={{token}}&user=ada\n"), "\(saved)")
    #expect(
      saved.contains("--var password=... --var api_key=... --var client_secret=... --var token=... --var token_2=..."),
      "\(saved)")
    let (exitCode, output) = replay(
      path,
      variables: [
        "password": "hunter22", "api_key": "k-1234567", "client_secret": "sh-9876543", "token": "t0k3n-abc",
        "token_2": "zz-other-1",
      ])
    #expect(exitCode == 0, "\(output)\n\(saved)")
  }

  @Test("a long session keeps every line for save: each request, its recorded response and a secret in the middle")
  func longSession() throws {
    let directory = TemporaryFolder(prefix: "gwsh-session-tests").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let engine = SessionEngine()
    _ = typed(["load echo"], in: engine)
    // About 2 KB a request recorded: 600 requests pass the piece the transcript keeps in memory many times.
    for index in 0..<300 { _ = typed(["GET /first/\(index)"], in: engine) }
    _ = typed(["header Authorization: Bearer s3cret-token", "POST /login?password=tea-for-two"], in: engine)
    for index in 0..<300 { _ = typed(["GET /second/\(index)"], in: engine) }
    _ = typed(["save --redact \(directory)/long.gws"], in: engine)
    let saved = try String(contentsOfFile: directory + "/long.gws", encoding: .utf8)
    #expect(saved.contains("\nGET /first/0\n"))
    #expect(saved.contains("\nGET /second/299\n"))
    #expect(saved.components(separatedBy: "\nGET /").count == 601)
    #expect(saved.contains("\nheader Authorization: {{authorization}}\n"), "\(saved.prefix(400))")
    #expect(!saved.contains("s3cret-token"))
    #expect(!saved.contains("tea-for-two"))
    let (exitCode, output) = replay(
      directory + "/long.gws", variables: ["authorization": "Bearer s3cret-token", "password": "tea-for-two"])
    #expect(exitCode == 0, "\(output.suffix(5))")
  }
}
