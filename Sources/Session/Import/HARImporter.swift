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

  static func convert(
    _ path: String, emit: (String) -> Void
  ) throws(SessionImporter.Failure) -> [SessionImporter.Warning] {
    var warnings: [SessionImporter.Warning] = []
    var droppedCookies = false
    var index = 0
    do {
      var reader = try HAREntryReader(path: path)
      _ = try reader.read { bytes in
        index += 1
        guard let entry = try? JSONValue(parsing: bytes) else {
          emit("# entry \(index) is not JSON and was not converted")
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

  /// One entry as session lines.
  static func convert(
    _ entry: JSONValue, number: Int, emit: (String) -> Void, warnings: inout [SessionImporter.Warning],
    droppedCookies: inout Bool
  ) {
    guard case .string(let method)? = entry["request"]?["method"], case .string(let url)? = entry["request"]?["url"],
      url.lowercased().hasPrefix("http://") || url.lowercased().hasPrefix("https://")
    else {
      emit("# entry \(number) has no http(s) request and was not converted")
      warnings.append(.init(line: 1, message: "entry \(number) has no http(s) request; it is a comment"))
      return
    }
    emit("")
    emit("# entry \(number)")
    var headers: [(String, String)] = []
    if case .array(let fields)? = entry["request"]?["headers"] {
      for field in fields {
        guard case .string(let name)? = field["name"], case .string(let value)? = field["value"] else { continue }
        if name.lowercased() == "cookie" { droppedCookies = true }
        if isDropped(name) { continue }
        headers.append((name, value))
      }
    }
    var body: [UInt8]?
    if case .string(let text)? = entry["request"]?["postData"]?["text"] {
      body = Array(text.utf8)
      if !headers.contains(where: { $0.0.lowercased() == "content-type" }),
        case .string(let type)? = entry["request"]?["postData"]?["mimeType"], !type.isEmpty
      {
        headers.append(("Content-Type", type))
      }
    }
    let target = url.split(separator: "#", maxSplits: 1).first.map(String.init) ?? url
    for line in SessionImporter.request(
      method: method, url: target, headers: headers, body: body, expandsVariables: false)
    {
      emit(line)
    }
    if case .number(let status)? = entry["response"]?["status"], let code = Int(status), code >= 100 {
      emit("expect status \(code)")
    } else if entry["response"] != nil {
      emit("# the browser got no response (status 0)")
    }
  }
}
