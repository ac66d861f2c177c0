import Platform

/// A session text to run, and the name its messages use: a session file read from disk, or
/// session lines converted from a file the user wrote in another format (a `.http` file),
/// held in memory with a ``LineMap`` so that every message names the user's file and line.
public struct SessionSource: Sendable {
  /// The file as the user named it: what errors, failures, summaries and reports name, and
  /// what `@path` bodies and relative app specs are relative to (its folder).
  public let name: String
  /// The converted lines as UTF-8, and where each came from; `nil` for a session file on disk.
  let converted: (bytes: [UInt8], map: LineMap)?

  /// A session file, read from disk when it is parsed.
  public static func file(_ path: String) -> SessionSource {
    SessionSource(name: path, converted: nil)
  }

  /// Session lines converted from the user's file `name`, never written to disk.
  /// - Parameters:
  ///   - name: The user's file, as they named it.
  ///   - text: The session lines as UTF-8, each ending in a line feed.
  ///   - map: Where each of the lines came from in `name`.
  public init(converting name: String, text: [UInt8], map: LineMap) {
    self.init(name: name, converted: (text, map))
  }

  private init(name: String, converted: (bytes: [UInt8], map: LineMap)?) {
    self.name = name
    self.converted = converted
  }

  /// Whether the text is a conversion, not a session file `--update` could rewrite.
  public var isConverted: Bool { converted != nil }

  /// How large the text is, when known without reading it.
  var size: Int? { converted.map(\.bytes.count) ?? FileIO.size(of: name) }

  /// A parser over the text from its first line.
  func parser() throws(SessionError) -> Parser {
    guard let converted else {
      return try SessionParser.parser(
        forFile: name, sourcing: [], from: SourceLine(SourceLocation(file: name, line: 0), line: ""))
    }
    var parser = Parser(file: name, directory: FileIO.folder(of: name), bytes: converted.bytes, sourcing: [])
    parser.map = converted.map
    return parser
  }
}
