/// Writes a recorded statement back as text that names the same files from where the text
/// goes: `save` writes paths relative to the folder of the saved file, the journal writes
/// them absolute (a journal is replayed from its own folder, where `@payload.json` would
/// name another file). The one place a statement's paths are rewritten.
package struct StatementWriter {
  /// Where the text goes.
  package enum Destination: Sendable {
    /// A file in this folder: paths relative to it.
    case folder(String)
    /// A file replayed from anywhere: absolute paths.
    case absolute
  }

  package var destination: Destination

  package init(destination: Destination) {
    self.destination = destination
  }

  /// The statement's `text`, naming the file `path` says it names from the destination:
  /// unchanged when it already does.
  func text(_ text: String, naming path: RelativePath) -> String {
    let moved: String
    switch destination {
    case .folder(let folder):
      guard FilePaths.standardized(folder) != path.base else { return text }
      moved = FilePaths.relative(path.base + "/" + path.written, from: folder)
    case .absolute:
      // A module is imported from the working directory (and PYTHONPATH), whichever file names it.
      if path.kind == .pythonModule { return text }
      moved = FilePaths.standardized(path.base + "/" + path.written)
    }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let written = path.written
    switch path.kind {
    case .bodyFile:
      lines[0] = "body @" + moved
    case .requestBodyFile:
      let request = lines[0].trimmingCharacters(in: " \t")
      lines[0] = String(request[..<(request.firstRange(of: " @")?.lowerBound ?? request.endIndex)]) + " @" + moved
    case .formFile:
      if let range = lines[0].firstRange(of: "=@" + written) {
        lines[0].replaceSubrange(range, with: "=@" + moved)
      }
    case .expectedBodyFile:
      lines[0] = RelativePath.replacingWord("@" + written, with: "@" + moved, in: lines[0])
    case .source:
      lines[0] = "source " + moved
    case .cgiProgram:
      lines[0] = RelativePath.replacingWord("cgi:" + written, with: "cgi:" + moved, in: lines[0])
    case .pythonModule:
      // A module is imported from the working directory (and PYTHONPATH), which a file cannot name.
      return
        "# \(written) was imported from \(path.base): replay this file from there, or with PYTHONPATH=\(path.base)\n"
        + text
    }
    return lines.joined(separator: "\n")
  }
}
