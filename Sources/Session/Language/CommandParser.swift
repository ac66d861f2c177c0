import Platform

/// Parses the words of one command line into a ``Command``.
struct CommandParser {
  var cursor: LineCursor
  let line: String
  let location: SourceLocation
  let hereDocument: HereDocument?
  /// What `@path`, `save` and `source` are relative to (the parser's own fields, not a copy of the parser).
  let directory: String?
  /// The files being sourced, for cycles.
  let sourcing: [String]
  /// A `curl` command's lines joined, when it went on over several (`\` at a line's end, or a quote).
  var continued: String? = nil

  /// The context of an error at the cursor's column.
  var here: SourceLine {
    var at = location
    at.column = cursor.column
    return SourceLine(at, line: line)
  }

  /// An error saying what was expected at the next word.
  func expected(_ what: String) -> SessionError {
    var probe = cursor
    probe.skipSpaces()
    var at = location
    at.column = probe.column
    return .expected(what, found: probe.peekWord(), SourceLine(at, line: line))
  }

  /// Fails unless the line ends here.
  func end() throws(SessionError) {
    if !cursor.isAtEnd { throw expected("the end of the line") }
  }

  mutating func requireWord(_ what: String) throws(SessionError) -> String {
    cursor.text(try requireWordRange(what))
  }

  /// Where the next word is, or the error `requireWord` gives when there is none.
  mutating func requireWordRange(_ what: String) throws(SessionError) -> Range<Int> {
    guard let range = cursor.takeWord() else { throw expected(what) }
    return range
  }

  mutating func parseCommand() throws(SessionError) -> Command {
    let start = cursor
    let range = try requireWordRange("a command")
    // Request lines and expectations are most of a session: recognise them on their
    // bytes, before the other commands, and make no string of the command word.
    if Self.isMethod(cursor.bytes[range]) {
      let method = Self.commonMethod(cursor, range) ?? cursor.text(range)
      let target = try requireWord("a request target after the method, such as /path?query")
      return .request(method: method, target: Template(target), own: try parseOwnBody())
    }
    if cursor.matches(range, "expect") { return .expect(try parseExpectation()) }
    let word = cursor.text(range)
    switch word {
    case "load": return try parseLoad()
    case "use": return try single(Command.use, "an app name, as in 'use demo'")
    case "set": return try parseSet()
    case "unset": return try single(Command.unset, "an environ key, as in 'unset HTTP_HOST'")
    case "header": return try parseHeader()
    case "unheader": return try single(Command.unheader, "a header name, as in 'unheader Accept'")
    case "body": return try parseBody()
    case "send": return try bare(.send)
    case "capture": return try parseCapture()
    case "show": return try parseShow()
    case "reset": return try bare(.reset)
    case "save": return try parseSave()
    case "help":
      let topic = cursor.word()
      try end()
      return .help(topic)
    case "let": return try parseLet()
    case "source": return try parseSource()
    case "ignore": return try parseIgnore()
    case "redact": return .redactHeader(try headerOption("redact"))
    case "cookies": return try parseCookies()
    case "follow": return try parseFollow()
    case "quit", "exit": return try bare(.quit)
    case "curl": return try parseCurl()
    case "form": return try parseForm()
    case "auth": return try parseAuth()
    case "reload":
      let name = cursor.word()
      try end()
      return .reload(name)
    case "repeat": return try parseRepeat()
    case "debug": return try bare(.debug)
    case "profile": return try parseProfile()
    default:
      let target = cursor.peekWord()
      cursor = start
      cursor.skipSpaces()
      // `get /items` is a request line typed in lower case, not a misspelt `set`.
      if Self.isMethod(word.uppercased()), target.hasPrefix("/") || target.lowercased().hasPrefix("http") {
        throw .unknownCommand(word, suggestion: "\(word.uppercased()) \(target) (methods are upper case)", here)
      }
      throw .unknownCommand(word, suggestion: SessionParser.suggestion(for: word), here)
    }
  }

  /// The method at `range` when it is one of the common ones, as a literal: a literal costs
  /// nothing to make, where decoding the word is work on every request line.
  static func commonMethod(_ cursor: LineCursor, _ range: Range<Int>) -> String? {
    if cursor.matches(range, "GET") { return "GET" }
    if cursor.matches(range, "POST") { return "POST" }
    if cursor.matches(range, "PUT") { return "PUT" }
    if cursor.matches(range, "DELETE") { return "DELETE" }
    if cursor.matches(range, "HEAD") { return "HEAD" }
    if cursor.matches(range, "PATCH") { return "PATCH" }
    if cursor.matches(range, "OPTIONS") { return "OPTIONS" }
    return nil
  }

  /// Whether `word` reads as an HTTP method: an upper-case token.
  static func isMethod(_ word: String) -> Bool { isMethod(word.utf8) }

  /// Whether the UTF-8 of a word reads as an HTTP method: an upper-case token.
  static func isMethod(_ word: some Collection<UInt8>) -> Bool {
    guard let first = word.first, first &- UInt8(ascii: "A") < 26 else { return false }
    return word.allSatisfy {
      $0 &- UInt8(ascii: "A") < 26 || $0 &- UInt8(ascii: "0") < 10 || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")
    }
  }

  mutating func bare(_ command: Command) throws(SessionError) -> Command {
    try end()
    return command
  }

  mutating func single(_ make: (String) -> Command, _ what: String) throws(SessionError) -> Command {
    let word = try requireWord(what)
    try end()
    return make(word)
  }

  mutating func parseLoad() throws(SessionError) -> Command {
    let spec = try requireWord("an app spec, such as 'demo', 'cgi:./app.cgi' or 'python:module:app'")
    var name: String?
    var prefix: String?
    while !cursor.isAtEnd {
      let keyword = cursor.peekWord()
      if keyword == "as", name == nil {
        _ = cursor.word()
        name = try requireWord("a name after 'as'")
      } else if keyword == "at", prefix == nil {
        _ = cursor.word()
        let before = cursor
        let value = try requireWord("a path prefix after 'at', such as /api")
        guard value.hasPrefix("/") else {
          cursor = before
          throw expected("a path prefix starting with '/' (/\(value))")
        }
        prefix = value
      } else {
        throw expected("'as NAME', 'at /PREFIX' or the end of the line")
      }
    }
    return .load(spec: spec, name: name, prefix: prefix)
  }

  mutating func parseSet() throws(SessionError) -> Command {
    let key = try requireWord("an environ key and a value, as in 'set REMOTE_USER alice'")
    guard !cursor.isAtEnd else { throw expected("a value after '\(key)' (\"\" for the empty string)") }
    let value = cursor.rest()
    return .set(key: key, value: Template(value == "\"\"" ? "" : value))
  }

  mutating func parseHeader() throws(SessionError) -> Command {
    cursor.skipSpaces()
    let nameStart = cursor
    let name = cursor.read(upTo: ":").trimmingCharacters(in: " \t")
    guard cursor.consume(":") else {
      cursor = nameStart
      throw expected("'Name: value', as in 'header Accept: application/json'")
    }
    guard !name.isEmpty, !name.contains(where: \.isWhitespace) else {
      cursor = nameStart
      throw expected("a header name without spaces before ':'")
    }
    return .header(name: String(name), value: Template(cursor.rest()))
  }

  mutating func parseBody() throws(SessionError) -> Command {
    if let hereDocument {
      if cursor.peekWord() == "base64" { return .body(.bytes(try base64(hereDocument))) }
      return .body(.text(hereDocumentTemplate(hereDocument)))
    }
    if cursor.isAtEnd { return .body(nil) }
    cursor.skipSpaces()
    let column = cursor.column
    let rest = cursor.rest()
    if rest.hasPrefix("@") { return .body(.file(path: try existingFile(String(rest.dropFirst()), column: column))) }
    return .body(.text(Template(rest)))
  }

  /// The body a request line carries for itself: `<<END` (or `base64 <<END`, `chomp <<END`) or `@path`.
  mutating func parseOwnBody() throws(SessionError) -> OwnRequestParts? {
    if let hereDocument {
      let body: BodySource
      if cursor.peekWord() == "base64" {
        body = .bytes(try base64(hereDocument))
      } else {
        body = .text(hereDocumentTemplate(hereDocument))
      }
      // The words left are the optional `base64`/`chomp` and the `<<END` the here-document was read for.
      while cursor.word() != nil {}
      return .body(body)
    }
    cursor.skipSpaces()
    if cursor.isAtEnd { return nil }
    guard cursor.next == "@" else {
      throw expected("the end of the line, or a body for this request alone ('<<END' and its lines, or '@file')")
    }
    let column = cursor.column
    return .body(.file(path: try existingFile(String(cursor.rest().dropFirst()), column: column)))
  }

  /// `curl ...`: split as bash splits it, then read as curl reads its options.
  mutating func parseCurl() throws(SessionError) -> Command {
    let text = continued ?? line
    let words: [ShellWords.Word]
    do {
      words = try ShellWords.split(text)
    } catch {
      throw .expected(error.expected, found: error.found, context(in: text, line: error.line, column: error.column))
    }
    var command = CurlCommand(words: words, directory: directory)
    do {
      let request = try command.parse()
      return .request(method: request.method, target: Template(request.target, expands: false), own: .curl(request))
    } catch {
      let word = words[min(error.word, words.count - 1)]
      throw .expected(error.expected, found: error.found, context(in: text, line: word.line, column: word.column))
    }
  }

  /// The context of a place in a command's text, which may span several lines.
  func context(in text: String, line offset: Int, column: Int) -> SourceLine {
    var at = location
    at.line += offset
    at.column = column
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    return SourceLine(at, line: offset < lines.count ? String(lines[offset]) : line)
  }

  /// The here-document's text; `chomp <<END` drops the newline of its last line, for text that ends without one.
  func hereDocumentTemplate(_ document: HereDocument) -> Template {
    var template = document.template
    if cursor.peekWord() == "chomp", template.text.hasSuffix("\n") { template.text.removeLast() }
    return template
  }

  func base64(_ document: HereDocument) throws(SessionError) -> [UInt8] {
    guard let bytes = Base64.decode(document.text) else {
      throw .expected("base64 text in the here-document", found: nil, SourceLine(location, line: line))
    }
    return bytes
  }

  /// Checks a file named in the session exists, and gives its path resolved against the session's folder.
  func existingFile(_ path: String, column: Int) throws(SessionError) -> String {
    let resolved = Parser.resolve(path, against: directory)
    guard !path.isEmpty, FileSystem.allows(.read, resolved) else {
      var at = location
      at.column = column
      throw .missingFile(resolved, SourceLine(at, line: line))
    }
    return resolved
  }

  mutating func parseSave() throws(SessionError) -> Command {
    var path: String?
    var redact = false
    var force = false
    var before = cursor
    while let word = cursor.word() {
      if word == "--redact" {
        redact = true
      } else if word == "--force" {
        force = true
      } else if path == nil {
        path = word
      } else {
        cursor = before
        throw expected("the end of the line (a file name holds no spaces)")
      }
      before = cursor
    }
    guard let path else { throw expected("a file name, as in 'save login.gws'") }
    return .save(path: Parser.resolve(path, against: directory), redact: redact, force: force)
  }

  mutating func parseLet() throws(SessionError) -> Command {
    let name = try variableName("a variable name and a value, as in 'let user alice'")
    guard !cursor.isAtEnd else { throw expected("a value after '\(name)'") }
    let value = cursor.rest()
    return .letVariable(name: name, value: Template(value == "\"\"" ? "" : value))
  }

  mutating func variableName(_ what: String) throws(SessionError) -> String {
    let before = cursor
    let name = try requireWord(what)
    guard let first = name.first, first.isLetter || first == "_",
      name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" })
    else {
      cursor = before
      throw expected("a variable name (letters, digits, '_' and '-')")
    }
    return name
  }

  mutating func parseSource() throws(SessionError) -> Command {
    let path = try requireWord("a file name, as in 'source login.gws'")
    try end()
    let resolved = Parser.resolve(path, against: directory)
    var context = here
    context.location.column = location.column
    let statements = try SessionParser.parseFile(resolved, sourcing: sourcing, from: context)
    return .source(path: resolved, statements: statements)
  }

  mutating func headerOption(_ command: String) throws(SessionError) -> String {
    guard cursor.word() == "header" else { throw expected("'header Name', as in '\(command) header Date'") }
    let name = try requireWord("a header name, as in '\(command) header Date'")
    try end()
    return name
  }

  mutating func parseShow() throws(SessionError) -> Command {
    let names = ShowTopic.allCases.map(\.rawValue).joined(separator: ", ")
    let before = cursor
    let word = try requireWord("what to show: \(names), curl")
    if word == "curl" { return try parseShowCurl() }
    guard let topic = ShowTopic(rawValue: word) else {
      cursor = before
      throw unexpected(word, "what to show: \(names)", among: ShowTopic.allCases.map(\.rawValue), after: "show")
    }
    var full = false
    var raw = false
    while case let option = cursor.peekWord(), option == "--full" || option == "--raw" && topic == .response {
      _ = cursor.word()
      if option == "--full" { full = true } else { raw = true }
    }
    try end()
    return .show(topic, full: full, raw: raw)
  }

  /// `form NAME=VALUE` or `form NAME=@path[;type=T][;filename=F]`.
  mutating func parseForm() throws(SessionError) -> Command {
    cursor.skipSpaces()
    let start = cursor
    let field = cursor.rest()
    guard let equals = field.firstIndex(of: "="), equals != field.startIndex else {
      cursor = start
      throw expected("'NAME=VALUE' or 'NAME=@path', as in 'form title=Tea' or 'form upload=@photo.png'")
    }
    let name = String(field[..<equals])
    var value = String(field[field.index(after: equals)...])
    guard value.hasPrefix("@") else { return .form(name: name, value: .text(Template(value))) }
    var type: String?
    var filename: String?
    while let semicolon = value.lastIndex(of: ";") {
      let parameter = value[value.index(after: semicolon)...]
      if parameter.hasPrefix("type="), type == nil {
        type = String(parameter.dropFirst(5))
      } else if parameter.hasPrefix("filename="), filename == nil {
        filename = String(parameter.dropFirst(9))
      } else {
        break
      }
      value = String(value[..<semicolon])
    }
    let column = start.column + name.unicodeScalars.count + 1
    let path = try existingFile(String(value.dropFirst()), column: column)
    return .form(name: name, value: .file(path: path, type: type, filename: filename))
  }

  /// `auth basic USER PASSWORD` or `auth bearer TOKEN`.
  mutating func parseAuth() throws(SessionError) -> Command {
    let before = cursor
    switch cursor.word() {
    case "basic":
      let user = try requireWord("a user and a password, as in 'auth basic alice {{password}}'")
      let password = try requireWord("a password after the user, as in 'auth basic alice {{password}}'")
      try end()
      return .auth(.basic(user: Template(user), password: Template(password)))
    case "bearer":
      let token = try requireWord("a token, as in 'auth bearer {{token}}'")
      try end()
      return .auth(.bearer(Template(token)))
    default:
      cursor = before
      throw expected("'basic USER PASSWORD' or 'bearer TOKEN' after 'auth'")
    }
  }

  /// `show curl [BASE_URL]`.
  mutating func parseShowCurl() throws(SessionError) -> Command {
    guard !cursor.isAtEnd else { return .showCurl(baseURL: nil) }
    let before = cursor
    let base = try requireWord("a base URL, such as http://localhost:8000")
    guard base.lowercased().hasPrefix("http://") || base.lowercased().hasPrefix("https://") else {
      cursor = before
      throw expected("a base URL starting with http:// or https://, such as http://localhost:8000")
    }
    try end()
    return .showCurl(baseURL: base)
  }

  mutating func parseCookies() throws(SessionError) -> Command {
    cursor.skipSpaces()
    let before = cursor
    guard let word = cursor.word() else { return .cookies(.show) }
    guard let action = CookieAction(rawValue: word), action != .show else {
      cursor = before
      throw unexpected(word, "'clear', 'off' or 'on' after 'cookies'", among: ["clear", "off", "on"], after: "cookies")
    }
    try end()
    return .cookies(action)
  }

  mutating func parseFollow() throws(SessionError) -> Command {
    cursor.skipSpaces()
    let before = cursor
    let word = cursor.word()
    guard word == "on" || word == "off" else {
      cursor = before
      throw unexpected(word ?? "", "'on' or 'off' after 'follow'", among: ["on", "off"], after: "follow")
    }
    try end()
    return .follow(word == "on")
  }
}
