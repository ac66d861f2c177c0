import Gateway

/// A `.http` file (JetBrains HTTP Client, VS Code REST Client) as session lines:
/// `###` separators with titles, `@name = value` variables, `{{name}}`,
/// `# @name` requests, headers, a body after the blank line, `< ./file`
/// bodies, `#` and `//` comments.
enum HTTPFileImporter {
  static let methods: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT"]

  /// One request of the file while it is read.
  struct Pending {
    var line: Int
    var method: String
    var url: String
    var headers: [(String, String)] = []
    var body: [Substring] = []
    var inBody = false
    var bodyFile: String?
    var comments: [String] = []
    var unconvertible: [String] = []
  }

  static func convert(_ text: String, emit: (String) -> Void) -> [SessionImporter.Warning] {
    var warnings: [SessionImporter.Warning] = []
    var pending: Pending?
    var inHandler = false

    func finish() {
      guard var request = pending else { return }
      pending = nil
      while let last = request.body.last, last.trimmingCharacters(in: " \t\r").isEmpty { request.body.removeLast() }
      var lines: [String] = []
      if let file = request.bodyFile {
        lines =
          SessionImporter.isWritable(method: request.method, url: request.url)
          ? ["reset"] + SessionImporter.headerLines(request.headers) + ["\(request.method) \(request.url) @\(file)"]
          : [SessionImporter.notWritable(method: request.method, url: request.url)]
      } else {
        let body = request.body.isEmpty ? nil : Array(request.body.joined(separator: "\n").utf8)
        lines = SessionImporter.request(
          method: request.method, url: request.url, headers: request.headers, body: body, expandsVariables: true)
      }
      let text = lines.joined(separator: "\n")
      let dynamic = text.firstRange(of: "{{$")
      // `{{login.response.body.$.token}}`: a value from a named request's response.
      let reference = text.firstMatch(of: #/\{\{\s*[A-Za-z_][\w-]*\.response\.[^}]*\}\}/#)
      emit("")
      for comment in request.comments { emit(comment) }
      if dynamic != nil {
        warnings.append(
          .init(
            line: request.line, message: "a {{$...}} dynamic variable has no gwsh equivalent; the request is a comment")
        )
        emit("# not converted: a {{$...}} dynamic variable has no gwsh equivalent (define it with let)")
        for line in lines { emit("# " + line) }
      } else if let reference {
        let written = String(reference.output)
        warnings.append(
          .init(
            line: request.line,
            message:
              "\(written) reads another request's response, which gwsh does with 'capture NAME json PATH' (or header, body ~) after that request; the request is a comment"
          ))
        emit("# not converted: \(written) reads another request's response; capture the value after that request")
        emit("# (capture NAME json $.path, capture NAME header Name) and write {{NAME}} here")
        for line in lines { emit("# " + line) }
      } else {
        for line in lines { emit(line) }
      }
      for line in request.unconvertible { emit("# not converted: " + line) }
    }

    // Split at line-feed bytes: split by Character, a CR LF (one Character) would never end a line.
    for (offset, raw) in text.splitAtLineFeeds().enumerated() {
      let number = offset + 1
      let line = raw.hasSuffix("\r") ? raw.dropLast() : Substring(raw)
      let trimmed = line.trimmingCharacters(in: " \t")
      if inHandler {
        pending?.unconvertible.append(String(line))
        if trimmed.hasSuffix("%}") { inHandler = false }
        continue
      }
      if trimmed.hasPrefix("###") {
        finish()
        let title = trimmed.dropFirst(3).trimmingCharacters(in: " \t")
        emit("")
        emit(title.isEmpty ? "###" : "### " + title)
        continue
      }
      if pending != nil, trimmed.hasPrefix(">") {
        // `> {% ... %}` and `> handler.js` run JavaScript on the response; `>> file` saves it.
        warnings.append(
          .init(
            line: number, message: "a response handler (\(trimmed.prefix(20))…) has no gwsh equivalent; it is a comment"
          ))
        pending?.unconvertible.append(String(line))
        if trimmed.hasPrefix("> {%"), !trimmed.hasSuffix("%}") { inHandler = true }
        continue
      }
      if pending?.inBody == true {
        if pending?.body.isEmpty == true, trimmed.hasPrefix("< ") {
          let file = String(String(trimmed.dropFirst(2)).trimmingCharacters(in: " \t"))
          pending?.bodyFile = file.hasPrefix("./") ? String(file.dropFirst(2)) : file
          continue
        }
        pending?.body.append(line)
        continue
      }
      if trimmed.isEmpty {
        if pending != nil { pending?.inBody = true }
        continue
      }
      if trimmed.hasPrefix("#") || trimmed.hasPrefix("//") {
        let comment = trimmed.hasPrefix("#") ? trimmed.dropFirst() : trimmed.dropFirst(2)
        let words = comment.split(separator: " ", omittingEmptySubsequences: true)
        if words.first == "@name", words.count >= 2 {
          (pending == nil ? emit : { pending?.comments.append($0) })("# request \(words[1])")
        } else {
          let text = "#" + (comment.hasPrefix(" ") ? "" : " ") + comment
          if pending == nil { emit(String(text)) } else { pending?.comments.append(String(text)) }
        }
        continue
      }
      if pending == nil, trimmed.hasPrefix("@"), let equals = trimmed.firstIndex(of: "=") {
        let name = trimmed[trimmed.index(after: trimmed.startIndex)..<equals].trimmingCharacters(in: " \t")
        let value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: " \t")
        let definition = "let \(name) \(value.isEmpty ? "\"\"" : value)"
        // Kept only as the session language reads it: a name gwsh does not allow stays a comment.
        if (try? SessionParser.parse(definition)) != nil {
          emit(definition)
        } else {
          emit("# not converted: " + VisibleText.escaped(String(line), keepingLineBreaks: false))
          warnings.append(.init(line: number, message: "a variable gwsh cannot define as written; it is a comment"))
        }
        continue
      }
      if var request = pending {
        // A header line: `Name: value`.
        if let colon = trimmed.firstIndex(of: ":"), colon > trimmed.startIndex, !trimmed[..<colon].contains(" ") {
          let name = String(trimmed[..<colon])
          let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: " \t")
          if !HARImporter.isDropped(name) || name.lowercased() == "cookie" {
            request.headers.append((name, String(value)))
          }
          pending = request
        } else {
          warnings.append(
            .init(line: number, message: "expected a header 'Name: value' or a blank line; it is a comment"))
          request.unconvertible.append(String(line))
          pending = request
        }
        continue
      }
      // A request line: `METHOD URL [HTTP/1.1]`, or a URL alone (GET); words apart by blanks.
      let words = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" })
      var method = "GET"
      var url = words.first.map(String.init) ?? ""
      if let first = words.first, methods.contains(String(first)), words.count >= 2 {
        method = String(first)
        url = String(words[1])
      }
      pending = Pending(line: number, method: method, url: url)
    }
    finish()
    return warnings
  }
}
