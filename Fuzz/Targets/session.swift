// Fuzz target: the session language (Sources/Session), as `gwsh run` reads a file.
//
// The input is a session file's bytes. Properties, beyond "no crash":
// - a file that does not parse fails with a parse error located inside the input: its line
//   exists, its column lies within that line, and the error shows that very line;
// - a file that parses writes back as `save` writes it (each statement's text, one after another)
//   and that text parses to the same commands, here-documents, templates and sourced files included;
// - the recorder writes the same bytes as a response body (`expect body ...`) and as an errors
//   output (`expect errors ...`, when they are UTF-8): parsed back, the lines hold exactly those bytes.
// `source` and `@path` resolve in a scratch folder holding a few files (one sources itself, two
// source each other, one does not parse), so a fuzzed `source` reads only those.
import Gateway

@testable import Session

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

let sandboxFiles = [
  "login.gws": "load demo\nbody user=alice&password=tea\nPOST /login\nexpect status 200\n",
  "self.gws": "source self.gws\n",
  "a.gws": "let x 1\nsource b.gws\n",
  "b.gws": "source a.gws\n",
  "bad.gws": "load demo\nexpect stauts 200\n",
  "nested.gws": "source login.gws\nbody <<END\nsource self.gws\nEND\n",
  "body.txt": "hello\n",
]

let sandbox: String = {
  var template = Array("/tmp/gwsh-fuzz-session-XXXXXX".utf8CString)
  guard let made = mkdtemp(&template) else { fail("could not make a scratch folder") }
  let folder = String(cString: made)
  for (name, text) in sandboxFiles {
    guard let file = fopen(folder + "/" + name, "w") else { fail("could not write \(name)") }
    fputs(text, file)
    fclose(file)
  }
  // The folder goes when the fuzzer ends, so runs leave nothing behind.
  atexit {
    for name in sandboxFiles.keys { unlink(sandbox + "/" + name) }
    rmdir(sandbox)
  }
  return folder
}()

let fileName = "fuzz.gws"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  let bytes = [UInt8](UnsafeRawBufferPointer(start: start, count: count))
  // As `gwsh run` reads a file.
  let text = String(decoding: bytes, as: UTF8.self)
  checkParse(text)
  checkRecordedBody(bytes)
  return 0
}

func checkParse(_ text: String) {
  let statements: [Statement]
  do {
    statements = try SessionParser.parse(text, file: fileName, directory: sandbox)
  } catch {
    checkLocated(error, in: text)
    return
  }
  // What `save` writes for these statements: each one's text, in order.
  let written = statements.map(\.text).joined(separator: "\n") + "\n"
  let again: [Statement]
  do {
    again = try SessionParser.parse(written, file: fileName, directory: sandbox)
  } catch {
    fail("the written-back session does not parse: \(error)\n--- written:\n\(written)")
  }
  require(
    again.map(\.command) == statements.map(\.command),
    "the written-back session parses to other commands\n--- written:\n\(written)")
  require(again.map(\.text) == statements.map(\.text), "the written-back statements have other texts")
  for statement in statements {
    require(statement.location.line >= 1 && statement.location.column >= 1, "a statement at \(statement.location)")
  }
}

/// The error names the input (or a sandbox file), a line that exists, a column within it, and shows that line.
func checkLocated(_ error: SessionError, in text: String) {
  require(error.isParseError, "parsing threw a running error: \(error)")
  let location = error.context.location
  guard location.file == fileName else {
    require(location.file.hasPrefix(sandbox), "an error in a file outside the input and the sandbox: \(location)")
    return
  }
  let lines = SessionParser.lines(of: text)
  require(
    location.line >= 1 && location.line <= max(lines.count, 1),
    "the error's line \(location.line) is outside the input's \(lines.count) lines: \(error)")
  let line = lines.isEmpty ? "" : lines[location.line - 1]
  let shown = String(
    line.unicodeScalars.drop { $0 == "\r" }.reversed().drop { $0 == "\r" }.reversed().map(Character.init))
  require(
    error.context.line == shown,
    "the error shows another line than line \(location.line):\n\(error.context.line.debugDescription)\n\(shown.debugDescription)"
  )
  require(
    location.column >= 1 && location.column <= error.context.line.unicodeScalars.count + 1,
    "the error's column \(location.column) is outside its line: \(error)")
  require(!error.description.isEmpty, "an error without a message")
}

/// The recorder writes bytes as lines a replay checks them with: parsed back, they hold the same bytes.
func checkRecordedBody(_ bytes: [UInt8]) {
  // Bodies past the recorder's limit are recorded by size and digest, which says nothing of the bytes.
  guard bytes.count <= SessionRecording.bodyLimit else { return }
  var bodyLines = TextBuffer()
  SessionRecording.appendContent("expect body", bytes, allowBinary: true, to: &bodyLines)
  let body = bodyLines.text
  require(recorded(body) == bytes, "the recorded body does not give back its bytes:\n\(body)")
  if let text = String(validating: bytes, as: UTF8.self) {
    require(String(utf8: bytes) == text, "String(utf8:) and the standard library disagree on \(bytes)")
    var errorLines = TextBuffer()
    SessionRecording.appendContent("expect errors", bytes, allowBinary: false, to: &errorLines)
    let errors = errorLines.text
    require(recorded(errors) == Array(text.utf8), "the recorded errors output does not give back its text:\n\(errors)")
  } else {
    require(String(utf8: bytes) == nil, "String(utf8:) took bytes the standard library refuses: \(bytes)")
  }
}

/// The bytes an `expect body` or `expect errors` statement (its lines, each ending in a line feed) says the response holds.
func recorded(_ text: String) -> [UInt8] {
  let statements: [Statement]
  do {
    statements = try SessionParser.parse(text, file: "recorded.gws")
  } catch {
    fail("the recorder wrote lines that do not parse: \(error)\n--- written:\n\(text)")
  }
  require(statements.count == 1, "the recorder wrote \(statements.count) statements for one body:\n\(text)")
  switch statements[0].command {
  case .expect(.body(.equals(.text(let template)))), .expect(.errors(.equals(let template))):
    require(!template.hasVariables, "the recorded text would expand variables:\n\(text)")
    return Array(template.text.utf8)
  case .expect(.body(.equals(.bytes(let bytes)))):
    return bytes
  default:
    fail("the recorder wrote another command than an expected body: \(statements[0].command)\n\(text)")
  }
}
