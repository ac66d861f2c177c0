import JSON

/// A HAR file (what a browser's devtools export) as session lines: each entry a
/// request with its headers and body, and its recorded status as `expect status`.
enum HARImporter {
  /// Headers a replay must not send as recorded: HTTP/2 pseudo-headers, and those gwsh
  /// makes itself (Host from the URL, Content-Length from the body, Cookie from its jar).
  static func isDropped(_ name: String) -> Bool {
    name.hasPrefix(":") || ["host", "content-length", "cookie", "connection"].contains(name.lowercased())
  }

  static func convert(_ bytes: [UInt8], emit: (String) -> Void) throws(SessionImporter.Failure) -> [SessionImporter
    .Warning]
  {
    let document: JSONValue
    do {
      document = try JSONValue(parsing: bytes)
    } catch {
      throw SessionImporter.Failure(message: "the HAR file is not JSON: \(error)")
    }
    guard case .array(let entries)? = document["log"]?["entries"] else {
      throw SessionImporter.Failure(message: "the HAR file has no log.entries")
    }
    var warnings: [SessionImporter.Warning] = []
    var droppedCookies = false
    for (index, entry) in entries.enumerated() {
      guard case .string(let method)? = entry["request"]?["method"], case .string(let url)? = entry["request"]?["url"],
        url.lowercased().hasPrefix("http://") || url.lowercased().hasPrefix("https://")
      else {
        emit("# entry \(index + 1) has no http(s) request and was not converted")
        warnings.append(.init(line: 1, message: "entry \(index + 1) has no http(s) request; it is a comment"))
        continue
      }
      emit("")
      emit("# entry \(index + 1)")
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
    if droppedCookies {
      warnings.append(
        .init(line: 1, message: "recorded Cookie headers were left out: gwsh's cookie jar sends what the app sets"))
    }
    return warnings
  }
}
