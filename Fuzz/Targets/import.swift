// Fuzz target: the importers of other tools' files (Sources/Session/Import), as `gwsh import`
// and `gwsh run FILE.har|.http|.curl` read them: a file of curl commands, a `.http` file, a HAR.
//
// The input's first byte picks the format (its value modulo 3: curl, `.http`, HAR), the rest is
// the file. Properties, beyond "no crash":
// - what is emitted is a session file that parses (but for body files it names, which the sandbox
//   lacks), each emitted line one line (a value holding a line break would smuggle in a statement);
// - every warning, and every emitted line's origin, names a line of the input (a HAR's are all
//   line 1); a `.http` file's session, parsed with its line map as `gwsh run` parses it, names
//   only lines of the input in its errors;
// - a HAR is read an entry at a time: one that is not JSON fails whole, with a message.
import Gateway

@testable import Session

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where a HAR is written to be read, and curl's `-d @file` would look.
let sandbox: String = {
  var template = Array("/tmp/gwsh-fuzz-import-XXXXXX".utf8CString)
  guard let made = mkdtemp(&template) else { fail("could not make a scratch folder") }
  let folder = String(cString: made)
  // The folder goes when the fuzzer ends, so runs leave nothing behind.
  atexit {
    unlink(sandbox + "/input.har")
    rmdir(sandbox)
  }
  return folder
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  guard count > 0 else { return 0 }
  let bytes = [UInt8](UnsafeRawBufferPointer(start: start, count: count))
  let file = bytes[1...]
  let text = String(decoding: file, as: UTF8.self)
  var converted: [SessionImporter.Line] = []
  let warnings: [SessionImporter.Warning]
  switch bytes[0] % 3 {
  case 0:
    warnings = CurlFileImporter.convert(text, directory: sandbox, emit: { converted.append($0) })
  case 1:
    warnings = HTTPFileImporter.convert(text, emit: { converted.append($0) })
  default:
    let path = sandbox + "/input.har"
    guard let handle = fopen(path, "w") else { fail("could not write the HAR") }
    file.withUnsafeBufferPointer { _ = fwrite($0.baseAddress, 1, $0.count, handle) }
    fclose(handle)
    do {
      warnings = try HARImporter.convert(path, emit: { converted.append($0) })
    } catch {
      require(!error.message.isEmpty, "a HAR refused without a message")
      return 0
    }
  }
  // Lines end at line-feed bytes (a CR LF is one Character, so a split by Character would miss it).
  let lineCount = file.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
  for warning in warnings {
    require(
      warning.line >= 1 && warning.line <= lineCount,
      "a warning names line \(warning.line) of a \(lineCount)-line file: \(warning)")
  }
  let lines = converted.map(\.text)
  for line in converted {
    require(
      !line.text.utf8.contains(UInt8(ascii: "\n")), "an emitted line holds a line break: \(line.text.debugDescription)")
    require(
      line.origin.line >= 1 && line.origin.line <= lineCount && line.origin.column >= 1,
      "an emitted line comes from line \(line.origin.line) of a \(lineCount)-line file: \(line)")
  }
  if bytes[0] % 3 == 1 { checkLineMap(converted, text: text, lineCount: lineCount) }
  let session = lines.joined(separator: "\n") + "\n"
  do {
    _ = try SessionParser.parse(session, file: "imported.gws", directory: sandbox)
  } catch {
    // A body file the source names (`< ./item.json`, `-d @payload`) is looked for when the file is
    // read; the sandbox has none of them, and that says nothing of the import.
    guard namesOnlyMissingFiles(error) else {
      fail("the imported session does not parse: \(error)\n--- imported:\n\(session)")
    }
  }
  return 0
}

/// Whether every error of a parse is a body file that does not exist.
func namesOnlyMissingFiles(_ error: SessionError) -> Bool {
  switch error {
  case .missingFile: true
  case .parseErrors(let errors, let omitted): omitted == 0 && errors.allSatisfy(namesOnlyMissingFiles)
  default: false
  }
}

/// Parses a `.http` file's session with its line map, as `gwsh run` does: every error names a line of the input.
func checkLineMap(_ converted: [SessionImporter.Line], text: String, lineCount: Int) {
  let map = LineMap(origins: converted.map(\.origin), source: Array(text.utf8))
  let session = Array(converted.map { $0.text + "\n" }.joined().utf8)
  let source = SessionSource(converting: sandbox + "/input.http", text: session, map: map)
  do {
    var parser = try source.parser()
    for statement in try parser.parseAll() {
      require(
        (1...lineCount).contains(statement.location.line), "a statement names line \(statement.location.line)")
    }
  } catch {
    let contexts = if case .parseErrors(let errors, _) = error { errors.map(\.context) } else { [error.context] }
    for context in contexts {
      require((1...lineCount).contains(context.location.line), "an error names line \(context.location.line)")
    }
  }
}
