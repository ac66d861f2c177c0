import Gateway

extension SessionImporter {
  /// A `.http` file as a session text to run, held in memory: nothing is written beside the
  /// user's file (which may be in a read-only folder, and a hidden file there would outlive a
  /// killed run), and every message of the run names the user's file and lines.
  /// - Parameters:
  ///   - path: The `.http` (or `.rest`) file, as the user named it; its `< ./file` bodies are
  ///     relative to its folder.
  ///   - app: An app spec: a `load` line goes first.
  /// - Returns: The source, and what could not be converted.
  /// - Throws: ``Failure`` when the file cannot be read.
  public static func httpSource(_ path: String, app: String?) throws(Failure) -> (SessionSource, [Warning]) {
    guard let bytes = FileIO.read(path) else { throw Failure(message: "\(path): the file cannot be read") }
    let text = String(decoding: bytes, as: UTF8.self)
    var lines: [String] = []
    var origins: [LineMap.Origin] = []
    if let app {
      lines.append("load \(app)")
      origins.append(.madeUp(line: 0))
    }
    let warnings = HTTPFileImporter.convert(text) { line in
      lines.append(line.text)
      origins.append(line.origin)
    }
    // The user's lines as the importer numbered them: at line-feed bytes, a CR before one dropped.
    let sourceLines = text.splitAtLineFeeds().map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
    let map = LineMap(origins: origins, sourceLines: sourceLines)
    return (SessionSource(converting: path, lines: lines, map: map), warnings)
  }
}
