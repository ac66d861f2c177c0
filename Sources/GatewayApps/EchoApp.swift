import Gateway

/// Answers any request with a JSON document of the string environ entries it
/// received and the body it read, like httpbin's `/anything`.
struct EchoApp: Application {
  func callAsFunction(_ environ: Environ, _ startResponse: StartResponse) throws -> any ResponseBody {
    let length = environ.string("CONTENT_LENGTH").flatMap { Int($0) } ?? 0
    let body = length > 0 ? (try environ.input?.read(length) ?? []) : []
    var members: [(String, JSONText.Value)] = [
      ("environ", .object(environ.stringEntries.map { ($0.key, .string($0.value)) })),
      ("wsgi", .object(environ.entries.filter { $0.key.hasPrefix("wsgi.") }.compactMap(Self.wsgiMember))),
    ]
    if let text = String(validating: body, as: UTF8.self) {
      members.append(("body", .string(text)))
    } else {
      members.append(("body_hex", .string(body.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined())))
    }
    members.append(("body_length", .number(body.count)))
    let bytes = Array((JSONText.encode(.object(members)) + "\n").utf8)
    try startResponse("200 OK", [("Content-Type", "application/json"), ("Content-Length", String(bytes.count))])
    return ChunkedBody([bytes])
  }

  private static func wsgiMember(_ entry: Environ.Entry) -> (String, JSONText.Value)? {
    switch entry.value {
    case .string: return nil
    case .bool(let flag): return (entry.key, .bool(flag))
    case .version(let major, let minor): return (entry.key, .array([.number(major), .number(minor)]))
    case .input, .errors: return nil
    }
  }
}
