import Gateway
import JSON

/// Answers any request with a JSON document of the string environ entries it
/// received and the body it read, like httpbin's `/anything`.
struct EchoApp: Application {
  var stopsWhenAsked: Bool { true }

  func callAsFunction(_ environ: Environ, _ startResponse: StartResponse) throws -> any ResponseBody {
    let length = environ.string("CONTENT_LENGTH").flatMap { Int($0) } ?? 0
    let body = length > 0 ? (try environ.input?.read(length) ?? []) : []
    var members: [(key: String, value: JSONValue)] = [
      ("environ", .object(environ.stringEntries.map { (key: $0.key, value: JSONValue.string($0.value)) })),
      ("wsgi", .object(environ.entries.filter { $0.key.hasPrefix("wsgi.") }.compactMap(Self.wsgiMember))),
    ]
    if let text = String(validating: body, as: UTF8.self) {
      members.append(("body", .string(text)))
    } else {
      members.append(("body_hex", .string(body.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined())))
    }
    members.append(("body_length", .integer(body.count)))
    let bytes = Array((Self.asciiOnly(JSONValue.object(members).prettyText) + "\n").utf8)
    try startResponse("200 OK", [("Content-Type", "application/json"), ("Content-Length", String(bytes.count))])
    return ChunkedBody([bytes])
  }

  /// The JSON text with every character past ASCII written as a `\uXXXX` escape, as
  /// Python's `json.dumps` and httpbin write it: an environ string holds bytes read as
  /// latin-1 (`café` typed arrives as `"caf\u00c3\u00a9"`), and escaped they read as
  /// the bytes they are rather than as the look-alike text `cafÃ©`.
  static func asciiOnly(_ json: String) -> String {
    guard json.utf8.contains(where: { $0 >= 0x80 }) else { return json }
    var result = ""
    for scalar in json.unicodeScalars {
      guard scalar.value >= 0x80 else {
        result.unicodeScalars.append(scalar)
        continue
      }
      // Only strings hold characters past ASCII in JSON text, so each escape lands inside one.
      for unit in String(scalar).utf16 {
        let hex = String(unit, radix: 16)
        result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      }
    }
    return result
  }

  private static func wsgiMember(_ entry: Environ.Entry) -> (key: String, value: JSONValue)? {
    switch entry.value {
    case .string: return nil
    case .bool(let flag): return (entry.key, .bool(flag))
    case .version(let major, let minor): return (entry.key, .array([.integer(major), .integer(minor)]))
    case .input, .errors: return nil
    }
  }
}
