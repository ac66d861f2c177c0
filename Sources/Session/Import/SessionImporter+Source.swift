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
    // The session text is made as the lines come, never held as a string a line.
    var converted: [UInt8] = []
    var origins: [LineMap.Origin] = []
    func append(_ text: String, from origin: LineMap.Origin) {
      converted += text.utf8
      converted.append(UInt8(ascii: "\n"))
      origins.append(origin)
    }
    if let app { append("load \(app)", from: .madeUp(line: 0)) }
    let warnings = HTTPFileImporter.convert(text) { append($0.text, from: $0.origin) }
    let map = LineMap(origins: origins, source: bytes)
    return (SessionSource(converting: path, text: converted, map: map), warnings)
  }
}
