import Gateway

/// The request a pasted `curl ...` command makes: dispatched at once, sent as
/// written, the draft neither applied nor changed.
public struct CurlRequest: Sendable, Equatable {
  /// The method: `-X`, else `HEAD` for `-I`, `POST` with data or a form, `GET` otherwise.
  public var method: String
  /// The absolute URL, `scheme://host[:port]/path?query` (with `-G`, the data in the query).
  public var target: String
  /// The headers in the order curl sends them (less the User-Agent curl adds of its own).
  public var headers: [HeaderField]
  /// The body's pieces, one after the other (already joined by `&` where curl joins them).
  public var body: [BodyPiece]
  /// `-F`: a multipart form body, instead of `body`.
  public var form: [FormField]
  /// `-L`: follow redirects for this request.
  public var follow: Bool
  /// What gwsh says about the command: options that only matter on a network.
  public var notes: [String]

  /// A piece of a curl body.
  public enum BodyPiece: Sendable, Equatable {
    case bytes([UInt8])
    /// `--data-binary @file`: read as it is when the request is sent.
    case file(String)
  }
}

/// Parses the words of a `curl` command into a ``CurlRequest``.
struct CurlCommand {
  /// Why the words make no request: what was expected, and the word it was found at.
  struct Problem: Error {
    var expected: String
    var found: String?
    var word: Int
  }

  let words: [ShellWords.Word]
  /// What `@file` is relative to.
  let directory: String?

  var method: String?
  var url: String?
  var urlWord = 0
  var get = false
  var head = false
  var follow = false
  /// Headers curl makes itself (`-u`, `-A`, `-e`, `-b`, `--compressed`), before the `-H` ones.
  var made: [HeaderField] = []
  /// `-H` headers, in order; a `nil` value removes the header (`Name:`).
  var given: [(name: String, value: String?)] = []
  var data: [CurlRequest.BodyPiece] = []
  var json = false
  var form: [FormField] = []
  var notes: [String] = []

  init(words: [ShellWords.Word], directory: String?) {
    self.words = words
    self.directory = directory
  }

  /// The request; the first word is `curl`.
  mutating func parse() throws(Problem) -> CurlRequest {
    var index = 1
    while index < words.count {
      let at = index
      let word = words[index].text
      index += 1
      if word.hasPrefix("--") {
        guard let option = Self.longOptions[word] else {
          throw Problem(expected: "a curl option gwsh knows ('help curl' lists them)", found: word, word: at)
        }
        let value = option.takesValue ? try self.value(for: word, at: &index) : nil
        try apply(option, named: word, value: value, at)
      } else if word.hasPrefix("-"), word.count > 1 {
        // Short options cluster (`-sSL`), and one that takes a value may hold it (`-XPOST`).
        var letters = Substring(word.dropFirst())
        while let letter = letters.first {
          letters = letters.dropFirst()
          guard let option = Self.shortOptions[letter] else {
            throw Problem(
              expected: "a curl option gwsh knows ('help curl' lists them)", found: "-\(letter)", word: at)
          }
          var value: ShellWords.Word?
          if option.takesValue {
            if letters.isEmpty {
              value = try self.value(for: "-\(letter)", at: &index)
            } else {
              // The rest of the word is the value: its bytes, after the dash and the letters before it.
              let offset = word.utf8.count - letters.utf8.count
              value = ShellWords.Word(
                bytes: Array(words[at].bytes[offset...]), line: words[at].line, column: words[at].column)
              letters = ""
            }
          }
          try apply(option, named: "-\(letter)", value: value, at)
        }
      } else {
        guard url == nil else {
          throw Problem(expected: "one URL (gwsh sends one request a command)", found: word, word: at)
        }
        url = word
        urlWord = at
      }
    }
    return try request()
  }

  /// The word after an option, its value.
  func value(for option: String, at index: inout Int) throws(Problem) -> ShellWords.Word {
    guard index < words.count else { throw Problem(expected: "a value after \(option)", found: nil, word: index - 1) }
    index += 1
    return words[index - 1]
  }

  /// Applies one option; `word` is the value's word (its bytes for a body: `$'\xff'` is no text).
  mutating func apply(_ option: Option, named name: String, value word: ShellWords.Word?, _ at: Int) throws(Problem) {
    let value = word?.text ?? ""
    let raw = word?.bytes ?? []
    switch option {
    case .request: method = value
    case .url:
      url = value
      urlWord = at
    case .get: get = true
    case .head: head = true
    case .location: follow = true
    case .compressed: made.append(HeaderField("Accept-Encoding", "deflate, gzip, br, zstd"))
    case .userAgent: made.append(HeaderField("User-Agent", value))
    case .referer:
      made.append(HeaderField("Referer", value.hasSuffix(";auto") ? String(value.dropLast(5)) : value))
    case .range:
      // As curl sends it over HTTP: the byte ranges given, in the bytes unit (a download resumed, a file's head).
      made.append(HeaderField("Range", "bytes=" + value))
    case .user:
      guard value.contains(":") else {
        throw Problem(
          expected: "USER:PASSWORD after \(name) (gwsh cannot ask for the password)", found: value, word: at)
      }
      made.append(HeaderField("Authorization", "Basic " + Base64.encode(Array(value.utf8), lineLength: .max).joined()))
    case .cookie:
      guard value.contains("=") else {
        throw Problem(
          expected: "cookies as 'name=value; name2=value2' after \(name) (gwsh reads no cookie files)", found: value,
          word: at)
      }
      made.append(HeaderField("Cookie", value))
    case .header:
      try header(value, at)
    case .data(let mode):
      data.append(try piece(raw, mode: mode, at))
    case .json:
      json = true
      data.append(try piece(raw, mode: .binary, at))
    case .form, .formString:
      form.append(try formField(value, literal: option == .formString, at))
    case .network:
      // -i asks curl for what gwsh always prints; the rest change only how a network is used.
      notes.append(
        name == "-i" || name == "--include"
          ? "\(name): gwsh always shows the response's status and headers"
          : "\(name) only matters on a network; gwsh ignores it")
    }
  }

  mutating func header(_ value: String, _ at: Int) throws(Problem) {
    if let colon = value.firstIndex(of: ":") {
      let name = value[..<colon].trimmingCharacters(in: " \t")
      let rest = value[value.index(after: colon)...].trimmingCharacters(in: " \t")
      guard !name.isEmpty else { throw Problem(expected: "'Name: value' after -H", found: value, word: at) }
      // `Name:` with nothing after it removes the header, as curl does with its own ones.
      given.append((String(name), rest.isEmpty ? nil : String(rest)))
    } else if value.hasSuffix(";"), !value.dropLast().isEmpty {
      // `Name;` sends the header with an empty value.
      given.append((String(value.dropLast()), ""))
    } else {
      throw Problem(expected: "'Name: value' after -H", found: value, word: at)
    }
  }

  /// The request the options make.
  func request() throws(Problem) -> CurlRequest {
    guard let url else {
      throw Problem(expected: "a URL, such as http://localhost/path", found: nil, word: words.count)
    }
    var parts = try Self.split(url, word: urlWord)
    var body = data
    if !data.isEmpty, !form.isEmpty {
      throw Problem(expected: "either -d data or -F fields, as curl allows one body", found: nil, word: 0)
    }
    if !json, body.count > 1 {
      // curl joins its -d values with '&'.
      var joined: [CurlRequest.BodyPiece] = []
      for (index, piece) in body.enumerated() {
        if index > 0 { joined.append(.bytes([UInt8(ascii: "&")])) }
        joined.append(piece)
      }
      body = joined
    }
    if get, !body.isEmpty {
      var query: [UInt8] = []
      for piece in body {
        switch piece {
        case .bytes(let bytes): query += bytes
        case .file(let path): query += try read(path, 0)
        }
      }
      parts.pathAndQuery += (parts.pathAndQuery.contains("?") ? "&" : "?") + String(decoding: query, as: UTF8.self)
      body = []
    }
    var headers: [HeaderField] = [HeaderField("Accept", json ? "application/json" : "*/*")]
    var made = self.made
    if let userinfo = parts.userinfo, !made.contains(where: { $0.name == "Authorization" }) {
      made.insert(
        HeaderField("Authorization", "Basic " + Base64.encode(Array(userinfo.utf8), lineLength: .max).joined()), at: 0)
    }
    headers += made
    if !body.isEmpty {
      headers.append(HeaderField("Content-Type", json ? "application/json" : "application/x-www-form-urlencoded"))
    }
    for (name, value) in given {
      // A header given replaces the one curl would make, where that one was.
      if let index = headers.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) {
        if let value {
          headers[index] = HeaderField(name, value)
        } else {
          headers.remove(at: index)
        }
      } else if let value {
        headers.append(HeaderField(name, value))
      }
    }
    let method = self.method ?? (head ? "HEAD" : get ? "GET" : (!body.isEmpty || !form.isEmpty) ? "POST" : "GET")
    return CurlRequest(
      method: method, target: parts.scheme + "://" + parts.authority + parts.pathAndQuery, headers: headers, body: body,
      form: form, follow: follow, notes: notes)
  }

}

extension SessionParser {
  /// Whether a typed line goes on over the next lines: a `curl` command ending in a
  /// backslash or inside a quote. A prompt reads lines until it does not.
  /// - Parameter text: The lines typed so far, joined by newlines.
  public static func continuesOnNextLine(_ text: String) -> Bool {
    guard CurlCommand.isCurl(text) else { return false }
    return ShellWords.isIncomplete(text)
  }
}

extension CurlCommand {
  /// Whether a line is a curl command: its first word is `curl`.
  static func isCurl(_ line: some StringProtocol) -> Bool {
    let trimmed = line.drop { $0 == " " || $0 == "\t" }
    return trimmed.hasPrefix("curl") && (trimmed.count == 4 || trimmed.dropFirst(4).first?.isWhitespace == true)
  }
}
