/// A file of curl commands as session lines: gwsh reads `curl` lines itself, so each
/// command is kept as written; one that does not parse becomes a comment.
enum CurlFileImporter {
  static func convert(
    _ text: String, directory: String?, emit: (SessionImporter.Line) -> Void
  ) -> [SessionImporter.Warning] {
    var warnings: [SessionImporter.Warning] = []
    // Split at line-feed bytes: split by Character, a CR LF (one Character) would never end a line.
    var lines = text.splitAtLineFeeds().map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
    if lines.last == "" { lines.removeLast() }
    var index = 0
    while index < lines.count {
      let number = index + 1
      var command = lines[index]
      index += 1
      guard CurlCommand.isCurl(command) else {
        let trimmed = command.trimmingCharacters(in: " \t")
        if trimmed.isEmpty || trimmed.hasPrefix("#") {
          emit(SessionImporter.Line(command, from: LineMap.Origin(line: number)))
        } else {
          emit(SessionImporter.Line("# not converted: " + command, from: .madeUp(line: number)))
          warnings.append(.init(line: number, message: "expected a curl command; it is a comment"))
        }
        continue
      }
      while SessionParser.continuesOnNextLine(command), index < lines.count {
        command += "\n" + lines[index]
        index += 1
      }
      do {
        _ = try SessionParser.parse(command, directory: directory)
        // Kept as written, a line each: each is where it was.
        for (offset, line) in command.splitAtLineFeeds().enumerated() {
          emit(SessionImporter.Line(line, from: LineMap.Origin(line: number + offset)))
        }
      } catch {
        warnings.append(.init(line: number, message: error.message))
        // At line-feed bytes: a line ending in a CR joined to the next makes a CR LF, one Character.
        for (offset, line) in command.splitAtLineFeeds().enumerated() {
          emit(SessionImporter.Line("# not converted: " + line, from: .madeUp(line: number + offset)))
        }
      }
    }
    return warnings
  }
}
