import Gateway
import JSON

/// Answers any request with a JSON document of the string environ entries it
/// received and the body it read, like httpbin's `/anything`.
struct EchoApp: Application {
  var stopsWhenAsked: Bool { true }

  func callAsFunction(_ environ: Environ, _ startResponse: StartResponse) throws -> any ResponseBody {
    let length = environ.string("CONTENT_LENGTH").flatMap { Int($0) } ?? 0
    let body = length > 0 ? (try environ.input?.read(length) ?? []) : []
    // The environ is listed once; its strings go into the document as they are.
    let entries = environ.entries
    var strings: [(key: String, value: JSONValue)] = []
    strings.reserveCapacity(entries.count)
    var wsgi: [(key: String, value: JSONValue)] = []
    for entry in entries {
      if case .string(let value) = entry.value {
        strings.append((entry.key, .string(value)))
      } else if entry.key.hasPrefix("wsgi."), let member = Self.wsgiMember(entry) {
        wsgi.append(member)
      }
    }
    var members: [(key: String, value: JSONValue)] = [("environ", .object(strings)), ("wsgi", .object(wsgi))]
    if let text = String(validating: body, as: UTF8.self) {
      members.append(("body", .string(text)))
    } else {
      members.append(("body_hex", .string(body.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined())))
    }
    members.append(("body_length", .integer(body.count)))
    // Every character past ASCII is written as a `\uXXXX` escape, as Python's
    // `json.dumps` and httpbin write it: an environ string holds bytes read as
    // latin-1 (`café` typed arrives as `"caf\u00c3\u00a9"`), and escaped they
    // read as the bytes they are rather than as the look-alike text `cafÃ©`.
    var bytes = JSONValue.object(members).prettyUTF8(asciiOnly: true)
    bytes.append(0x0A)
    try startResponse("200 OK", [("Content-Type", "application/json"), ("Content-Length", String(bytes.count))])
    return ChunkedBody([bytes])
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
