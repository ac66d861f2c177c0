import Gateway
import JSON

/// Converts what other tools write (a HAR file, a `.http` file, a file of curl
/// commands) into session-language lines.
///
/// What has no equivalent (a JavaScript response handler, a `{{$random...}}`
/// dynamic variable, an entry without a URL) becomes a comment in the output and
/// a warning, never dropped silently.
public enum SessionImporter {
  /// What kind of file is converted.
  public enum Format: String, Sendable {
    case har, http, curl
  }

  /// Something that could not be converted, and where.
  public struct Warning: Sendable, Equatable, CustomStringConvertible {
    /// The line of the source file (1 for a HAR, where entries have no lines of their own).
    public var line: Int
    public var message: String

    public var description: String { "line \(line): \(message)" }
  }

  /// One line of the session file made, and where it came from in the file converted.
  public struct Line: Sendable, Equatable {
    /// The session line.
    public var text: String
    /// Its place in the converted file (line 1 for a HAR's).
    public var origin: LineMap.Origin

    /// Creates a line.
    public init(_ text: String, from origin: LineMap.Origin) {
      self.text = text
      self.origin = origin
    }
  }

  /// A header of a request being converted, and where it was written.
  struct Header {
    var name: String
    var value: String
    var origin: LineMap.Origin
  }

  /// A file that could not be read or is not of the format it claims.
  public struct Failure: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
  }

  /// Whether `path` is named as a `.http` file (`.http`, or `.rest` as VS Code's REST Client names them).
  public static func isHTTPFile(_ path: String) -> Bool {
    let lowered = path.lowercased()
    return lowered.hasSuffix(".http") || lowered.hasSuffix(".rest")
  }

  /// The format of `path`: by its extension (`.har`, `.http`, `.rest`), else a file whose first
  /// word is `curl` is curl commands, and one that starts with `{` a HAR.
  public static func format(of path: String, text: some StringProtocol) -> Format {
    if path.lowercased().hasSuffix(".har") { return .har }
    if isHTTPFile(path) { return .http }
    let start = text.drop { $0.isWhitespace }
    if start.hasPrefix("{") { return .har }
    if CurlCommand.isCurl(start.prefix { $0 != "\n" }) || start.hasPrefix("#") { return .curl }
    return .http
  }

  /// Converts a file, handing each output line to `emit` as it is made.
  /// - Parameters:
  ///   - path: The file.
  ///   - app: An app spec: a `load` line goes first.
  ///   - emit: Receives each line of the session file, with where it came from.
  /// - Returns: What could not be converted.
  /// - Throws: ``Failure`` when the file cannot be read, or a HAR is not JSON.
  public static func convert(
    _ path: String, app: String?, emit: (Line) -> Void
  ) throws(Failure) -> [Warning] {
    // Told from the start of the file: a HAR is then read an entry at a time, never whole.
    guard var source = try? FileByteSource(path: path), let head = try? source.read(upTo: 4096) else {
      throw Failure(message: "\(path): the file cannot be read")
    }
    let format = format(of: path, text: String(decoding: head, as: UTF8.self))
    emit(
      Line(
        "# imported by gwsh from \(path.split(separator: "/").last.map(String.init) ?? path) (\(format.rawValue))",
        from: .madeUp(line: 0)))
    if let app { emit(Line("load \(app)", from: .madeUp(line: 0))) }
    if format == .har { return try HARImporter.convert(path, emit: emit) }
    guard let bytes = FileIO.read(path) else { throw Failure(message: "\(path): the file cannot be read") }
    switch format {
    case .har: return []
    case .http: return HTTPFileImporter.convert(String(decoding: bytes, as: UTF8.self), emit: emit)
    case .curl:
      return CurlFileImporter.convert(
        String(decoding: bytes, as: UTF8.self), directory: FileIO.folder(of: path), emit: emit)
    }
  }

  /// `header` lines for `headers`; one that would not read back as written (a name gwsh does not
  /// take, a value over two lines) stays a comment: a line is kept only as the session language reads it.
  static func headerLines(_ headers: [Header]) -> [Line] {
    headers.map { header in
      let line = "header \(header.name): \(header.value)"
      if isOneWord(header.name), !header.value.unicodeScalars.contains(where: isControl),
        (try? SessionParser.parse(line)) != nil
      {
        return Line(line, from: header.origin)
      }
      return Line(
        "# not converted: a header that cannot be written as one: "
          + VisibleText.escaped(header.name + ": " + header.value, keepingLineBreaks: false), from: header.origin)
    }
  }

  /// Whether a request line reads back as written: a method or URL with a blank or a control
  /// in it, or that the language reads otherwise, would not.
  static func isWritable(method: String, url: String) -> Bool {
    isOneWord(method) && isOneWord(url) && (try? SessionParser.parse("\(method) \(url)")) != nil
  }

  /// The comment a request line that is not ``isWritable(method:url:)`` becomes.
  static func notWritable(method: String, url: String) -> String {
    "# not converted: a request line that is not one method and one URL: "
      + VisibleText.escaped(method + " " + url, keepingLineBreaks: false)
  }

  /// Whether `text` is one word: not empty, without blanks (spaces, tabs) or controls.
  static func isOneWord(_ text: String) -> Bool {
    !text.isEmpty && !text.unicodeScalars.contains { $0 == " " || $0 == "\t" || isControl($0) }
  }

  static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 && scalar != "\t" || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}"
      || scalar == "\u{2029}"
  }

  /// Session lines for one request: `reset`, its headers, and the request line with its own body.
  /// - Parameters:
  ///   - origin: Where the request line was written; `reset` and the request line come from it.
  ///   - bodyLines: The line each line of the body was written on, where the body has lines of its
  ///     own in the file (a HAR's has not: its lines come from the request line).
  static func request(
    method: String, url: String, headers: [Header], body: [UInt8]?, expandsVariables: Bool,
    origin: LineMap.Origin, bodyLines: [Int] = []
  ) -> [Line] {
    guard isWritable(method: method, url: url) else {
      return [Line(notWritable(method: method, url: url), from: origin)]
    }
    let madeUp = LineMap.Origin.madeUp(line: origin.line, column: origin.column)
    var lines = [Line("reset", from: madeUp)]
    lines += headerLines(headers)
    guard let body, !body.isEmpty else {
      lines.append(Line("\(method) \(url)", from: origin))
      return lines
    }
    // A line of the body as written there, else the request line's.
    let bodyOrigin = { (index: Int) in
      index < bodyLines.count ? LineMap.Origin(line: bodyLines[index]) : madeUp
    }
    // Read on bytes: a CR LF is one Character, which neither "\r" nor "\n" matches.
    let (carriageReturn, lineFeed) = (UInt8(ascii: "\r"), UInt8(ascii: "\n"))
    guard let text = String(utf8: body), !body.contains(carriageReturn) || body.contains(lineFeed)
    else {
      lines.append(Line("\(method) \(url) base64 <<END", from: origin))
      // Base64 has lines of its own: they all come from where the body starts.
      let start = bodyLines.first.map { LineMap.Origin.madeUp(line: $0) } ?? madeUp
      lines += Base64.encode(body).map { Line($0, from: start) }
      lines.append(Line("END", from: bodyLines.last.map { .madeUp(line: $0) } ?? madeUp))
      return lines
    }
    var terminator = "END"
    let textLines = text.splitAtLineFeeds()
    while textLines.contains(where: { $0.trimmingCharacters(in: " \t\r") == terminator }) { terminator += "_" }
    let chomp = body.last != lineFeed
    let opener = expandsVariables ? "<<\(terminator)" : "<<'\(terminator)'"
    lines.append(Line("\(method) \(url) \(chomp ? "chomp " : "")\(opener)", from: origin))
    let written = chomp ? textLines : Array(textLines.dropLast())
    lines += written.enumerated().map { Line($1, from: bodyOrigin($0)) }
    lines.append(Line(terminator, from: bodyLines.last.map { .madeUp(line: $0) } ?? madeUp))
    return lines
  }
}
