import JSON

/// A HAR file (what a browser's devtools export) as session lines: each entry a
/// request with its headers and body, and its recorded status as `expect status`.
/// Entries are read and converted one at a time (``HAREntryReader``), so a large
/// HAR takes the memory of its largest entry, not of the whole file.
enum HARImporter {
  /// Headers a replay must not send as recorded: HTTP/2 pseudo-headers, and those gwsh
  /// makes itself (Host from the URL, Content-Length from the body, Cookie from its jar).
  static func isDropped(_ name: String) -> Bool {
    name.hasPrefix(":") || ["host", "content-length", "cookie", "connection"].contains(name.lowercased())
  }

  /// Where every line of a HAR comes from: its entries have no lines of their own, as its warnings say.
  static let origin = LineMap.Origin.madeUp(line: 1)

  static func convert(
    _ path: String, emit: (SessionImporter.Line) -> Void
  ) throws(SessionImporter.Failure) -> [SessionImporter.Warning] {
    var warnings: [SessionImporter.Warning] = []
    var droppedCookies = false
    var index = 0
    do {
      var reader = try HAREntryReader(path: path)
      _ = try reader.read { bytes in
        index += 1
        guard let entry = try? JSONValue(parsing: bytes) else {
          emit(SessionImporter.Line("# entry \(index) is not JSON and was not converted", from: origin))
          warnings.append(.init(line: 1, message: "entry \(index) is not JSON; it is a comment"))
          return
        }
        convert(entry, number: index, emit: emit, warnings: &warnings, droppedCookies: &droppedCookies)
      }
    } catch let problem as HAREntryReader.Problem {
      throw SessionImporter.Failure(message: "\(path): \(problem.message)")
    } catch {
      throw SessionImporter.Failure(message: "\(path): the file cannot be read: \(error)")
    }
    if droppedCookies {
      warnings.append(
        .init(line: 1, message: "recorded Cookie headers were left out: gwsh's cookie jar sends what the app sets"))
    }
    return warnings
  }

  /// A HAR `params` list as an `application/x-www-form-urlencoded` body; a file field (a
  /// multipart upload's, whose bytes HAR does not hold) is left out, with a warning.
  static func encodedForm(
    _ params: [JSONValue], number: Int, warnings: inout [SessionImporter.Warning]
  ) -> [UInt8] {
    var fields: [[UInt8]] = []
    for param in params {
      guard case .string(let name)? = param["name"] else { continue }
      if param["fileName"] != nil {
        warnings.append(
          .init(
            line: 1, message: "entry \(number): the file of form field '\(name)' is not in the HAR; it was left out"))
        continue
      }
      let value = if case .string(let text)? = param["value"] { text } else { "" }
      fields.append(
        CurlCommand.urlEncoded(ArraySlice(name.utf8)) + [UInt8(ascii: "=")]
          + CurlCommand.urlEncoded(ArraySlice(value.utf8)))
    }
    return Array(fields.joined(separator: [UInt8(ascii: "&")]))
  }

  /// One entry as session lines.
  static func convert(
    _ entry: JSONValue, number: Int, emit: (SessionImporter.Line) -> Void, warnings: inout [SessionImporter.Warning],
    droppedCookies: inout Bool
  ) {
    guard case .string(let method)? = entry["request"]?["method"], case .string(let url)? = entry["request"]?["url"],
      url.lowercased().hasPrefix("http://") || url.lowercased().hasPrefix("https://")
    else {
      emit(SessionImporter.Line("# entry \(number) has no http(s) request and was not converted", from: origin))
      warnings.append(.init(line: 1, message: "entry \(number) has no http(s) request; it is a comment"))
      return
    }
    emit(SessionImporter.Line("", from: origin))
    emit(SessionImporter.Line("# entry \(number)", from: origin))
    var headers: [SessionImporter.Header] = []
    if case .array(let fields)? = entry["request"]?["headers"] {
      for field in fields {
        guard case .string(let name)? = field["name"], case .string(let value)? = field["value"] else { continue }
        if name.lowercased() == "cookie" { droppedCookies = true }
        if isDropped(name) { continue }
        headers.append(.init(name: name, value: value, origin: origin))
      }
    }
    var body: [UInt8]?
    let postData = entry["request"]?["postData"]
    if case .string(let text)? = postData?["text"] {
      body = Array(text.utf8)
    } else if case .array(let params)? = postData?["params"] {
      // HAR 1.2 gives a form's body as its fields instead of its text: the form is sent encoded.
      body = encodedForm(params, number: number, warnings: &warnings)
    }
    if body != nil, !headers.contains(where: { $0.name.lowercased() == "content-type" }),
      case .string(let type)? = postData?["mimeType"], !type.isEmpty
    {
      headers.append(.init(name: "Content-Type", value: type, origin: origin))
    }
    let target = url.split(separator: "#", maxSplits: 1).first.map(String.init) ?? url
    for line in SessionImporter.request(
      method: method, url: target, headers: headers, body: body, expandsVariables: false, origin: origin)
    {
      emit(line)
    }
    if case .number(let status)? = entry["response"]?["status"], let code = Int(status), code >= 100 {
      emit(SessionImporter.Line("expect status \(code)", from: origin))
    } else if entry["response"] != nil {
      emit(SessionImporter.Line("# the browser got no response (status 0)", from: origin))
    }
  }
}
