import Gateway

/// A `.http` file (JetBrains HTTP Client, VS Code REST Client) as session lines:
/// `###` separators with titles, `@name = value` variables, `{{name}}`,
/// `# @name` requests, headers, a body after the blank line, `< ./file`
/// bodies, `#` and `//` comments.
enum HTTPFileImporter {

  /// One request of the file while it is read.
  struct Pending {
    /// Where its request line is.
    var origin: LineMap.Origin
    var method: String
    var url: String
    var headers: [SessionImporter.Header] = []
    var body: [Substring] = []
    /// The line of each of `body`: a handler's lines may come between them.
    var bodyLines: [Int] = []
    var inBody = false
    var bodyFile: String?
    /// Where the `< ./file` line names the body's file: its line, and the column of the name.
    var bodyFilePlace: (line: Int, column: Int)?
    var comments: [SessionImporter.Line] = []
    var unconvertible: [SessionImporter.Line] = []

    var line: Int { origin.line }
  }

  /// Converts the text of a `.http` file, handing each session line to `emit` with the line it came from.
  static func convert(_ text: String, emit: (SessionImporter.Line) -> Void) -> [SessionImporter.Warning] {
    var warnings: [SessionImporter.Warning] = []
    var pending: Pending?
    var inHandler = false

    func finish() {
      guard var request = pending else { return }
      pending = nil
      while let last = request.body.last, last.trimmingCharacters(in: " \t\r").isEmpty {
        request.body.removeLast()
        request.bodyLines.removeLast()
      }
      var lines: [SessionImporter.Line] = []
      if let file = request.bodyFile {
        lines =
          SessionImporter.isWritable(method: request.method, url: request.url)
          ? [SessionImporter.Line("reset", from: .madeUp(line: request.line, column: request.origin.column))]
            + SessionImporter.headerLines(request.headers)
            + [SessionImporter.Line("\(request.method) \(request.url) @\(file)", from: fileRequestOrigin(request))]
          : [
            SessionImporter.Line(
              SessionImporter.notWritable(method: request.method, url: request.url), from: request.origin)
          ]
      } else {
        let body = request.body.isEmpty ? nil : Array(request.body.joined(separator: "\n").utf8)
        lines = SessionImporter.request(
          method: request.method, url: request.url, headers: request.headers, body: body, expandsVariables: true,
          origin: request.origin, bodyLines: request.bodyLines)
      }
      let text = lines.map(\.text).joined(separator: "\n")
      let dynamic = text.firstRange(of: "{{$")
      // `{{login.response.body.$.token}}`: a value from a named request's response.
      let reference = text.firstMatch(of: #/\{\{\s*[A-Za-z_][\w-]*\.response\.[^}]*\}\}/#)
      emit(SessionImporter.Line("", from: .madeUp(line: request.line)))
      for comment in request.comments { emit(comment) }
      if dynamic != nil {
        warnings.append(
          .init(
            line: request.line, message: "a {{$...}} dynamic variable has no gwsh equivalent; the request is a comment")
        )
        emit(
          SessionImporter.Line(
            "# not converted: a {{$...}} dynamic variable has no gwsh equivalent (define it with let)",
            from: request.origin))
        for line in lines { emit(SessionImporter.Line("# " + line.text, from: line.origin)) }
      } else if let reference {
        let written = String(reference.output)
        warnings.append(
          .init(
            line: request.line,
            message:
              "\(written) reads another request's response, which gwsh does with 'capture NAME json PATH' (or header, body ~) after that request; the request is a comment"
          ))
        emit(
          SessionImporter.Line(
            "# not converted: \(written) reads another request's response; capture the value after that request",
            from: request.origin))
        emit(
          SessionImporter.Line(
            "# (capture NAME json $.path, capture NAME header Name) and write {{NAME}} here", from: request.origin))
        for line in lines { emit(SessionImporter.Line("# " + line.text, from: line.origin)) }
      } else {
        for line in lines { emit(line) }
      }
      for line in request.unconvertible {
        emit(SessionImporter.Line("# not converted: " + line.text, from: line.origin))
      }
    }

    // Split at line-feed bytes: split by Character, a CR LF (one Character) would never end a line.
    for (offset, raw) in text.splitAtLineFeeds().enumerated() {
      let number = offset + 1
      let line = raw.hasSuffix("\r") ? raw.dropLast() : Substring(raw)
      let trimmed = line.trimmingCharacters(in: " \t")
      // Where the line's text starts, past its indentation: what its session line's places map to.
      let column = line.prefix { $0 == " " || $0 == "\t" }.count + 1
      let here = LineMap.Origin(line: number, column: column)
      if inHandler {
        pending?.unconvertible.append(SessionImporter.Line(String(line), from: .madeUp(line: number)))
        if trimmed.hasSuffix("%}") { inHandler = false }
        continue
      }
      if trimmed.hasPrefix("###") {
        finish()
        let title = trimmed.dropFirst(3).trimmingCharacters(in: " \t")
        emit(SessionImporter.Line("", from: .madeUp(line: number)))
        emit(SessionImporter.Line(title.isEmpty ? "###" : "### " + title, from: here))
        continue
      }
      if pending != nil, trimmed.hasPrefix(">") {
        // `> {% ... %}` and `> handler.js` run JavaScript on the response; `>> file` saves it.
        warnings.append(
          .init(
            line: number, message: "a response handler (\(trimmed.prefix(20))…) has no gwsh equivalent; it is a comment"
          ))
        pending?.unconvertible.append(SessionImporter.Line(String(line), from: .madeUp(line: number)))
        if trimmed.hasPrefix("> {%"), !trimmed.hasSuffix("%}") { inHandler = true }
        continue
      }
      if pending?.inBody == true {
        if pending?.body.isEmpty == true, trimmed.hasPrefix("< ") {
          let file = String(String(trimmed.dropFirst(2)).trimmingCharacters(in: " \t"))
          pending?.bodyFile = file.hasPrefix("./") ? String(file.dropFirst(2)) : file
          let blanks = trimmed.dropFirst().prefix { $0 == " " || $0 == "\t" }.count
          pending?.bodyFilePlace = (number, column + 1 + blanks)
          continue
        }
        pending?.body.append(line)
        pending?.bodyLines.append(number)
        continue
      }
      if trimmed.isEmpty {
        if pending != nil { pending?.inBody = true }
        continue
      }
      if trimmed.hasPrefix("#") || trimmed.hasPrefix("//") {
        let comment = trimmed.hasPrefix("#") ? trimmed.dropFirst() : trimmed.dropFirst(2)
        let words = comment.split(separator: " ", omittingEmptySubsequences: true)
        let text =
          words.first == "@name" && words.count >= 2
          ? "# request \(words[1])" : "#" + (comment.hasPrefix(" ") ? "" : " ") + comment
        let converted = SessionImporter.Line(text, from: .madeUp(line: number, column: column))
        if pending == nil { emit(converted) } else { pending?.comments.append(converted) }
        continue
      }
      if pending == nil, trimmed.hasPrefix("@"), let equals = trimmed.firstIndex(of: "=") {
        let name = trimmed[trimmed.index(after: trimmed.startIndex)..<equals].trimmingCharacters(in: " \t")
        let value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: " \t")
        let definition = "let \(name) \(value.isEmpty ? "\"\"" : value)"
        // Kept only as the session language reads it: a name gwsh does not allow stays a comment.
        if (try? SessionParser.parse(definition)) != nil {
          // `let name` where `@name` was written: the name is at the same place past the `@`.
          emit(SessionImporter.Line(definition, from: LineMap.Origin(line: number, column: column + 1, added: 4)))
        } else {
          emit(
            SessionImporter.Line(
              "# not converted: " + VisibleText.escaped(String(line), keepingLineBreaks: false), from: here))
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
            // `header Name: value` where `Name: value` was written: the name is at the same place.
            request.headers.append(
              .init(name: name, value: String(value), origin: LineMap.Origin(line: number, column: column, added: 7)))
          }
          pending = request
        } else {
          warnings.append(
            .init(line: number, message: "expected a header 'Name: value' or a blank line; it is a comment"))
          request.unconvertible.append(SessionImporter.Line(String(line), from: .madeUp(line: number)))
          pending = request
        }
        continue
      }
      // A request line: `METHOD URL [HTTP/1.1]`, or a URL alone (GET); words apart by blanks.
      let words = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" })
      var method = "GET"
      var url = words.first.map(String.init) ?? ""
      // A URL alone is sent as `GET URL`: the URL is at the same place past the `GET ` gwsh adds.
      var origin = LineMap.Origin(line: number, column: column, added: 4)
      // Any upper-case method, as the session language takes it: WebDAV's PROPFIND and REPORT too.
      if let first = words.first, words.count >= 2, CommandParser.isMethod(first.utf8) {
        method = String(first)
        url = String(words[1])
        origin.added = 0
      }
      pending = Pending(origin: origin, method: method, url: url)
    }
    finish()
    return warnings
  }

  /// Where a request line with an `@file` body comes from: the request line, but for the `@file`,
  /// written as `< ./file` on a line of its own, so a file that is not there is shown at that line.
  static func fileRequestOrigin(_ request: Pending) -> LineMap.Origin {
    var origin = request.origin
    if let place = request.bodyFilePlace {
      let at = request.method.unicodeScalars.count + request.url.unicodeScalars.count + 3
      origin.tail = .init(from: at, line: place.line, column: place.column)
    }
    return origin
  }
}
