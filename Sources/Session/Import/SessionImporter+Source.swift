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

  /// A file `gwsh run` converts before it runs it: a `.http` or `.rest` file, or a HAR, whose
  /// requests are replayed as its entries list them (each line's place is the HAR's line 1).
  public static func runsConverted(_ path: String) -> Bool {
    isHTTPFile(path) || path.lowercased().hasSuffix(".har")
  }

  /// A file ``runsConverted(_:)`` names as a session text to run, held in memory.
  /// - Throws: ``Failure`` when the file cannot be read, or a HAR is not JSON.
  public static func convertedSource(_ path: String, app: String?) throws(Failure) -> (SessionSource, [Warning]) {
    guard path.lowercased().hasSuffix(".har") else { return try httpSource(path, app: app) }
    var converted: [UInt8] = []
    var origins: [LineMap.Origin] = []
    let warnings = try convert(path, app: app) { line in
      converted += line.text.utf8
      converted.append(UInt8(ascii: "\n"))
      origins.append(line.origin)
    }
    // The lines are shown from the HAR only at its first line: a HAR is one document, often one line.
    var head: [UInt8] = []
    if var source = try? FileByteSource(path: path), let read = try? source.read(upTo: 4096) { head = read }
    let firstLine = Array(head.prefix { $0 != UInt8(ascii: "\n") })
    return (
      SessionSource(converting: path, text: converted, map: LineMap(origins: origins, source: firstLine)), warnings
    )
  }
}
