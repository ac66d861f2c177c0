import Gateway
import JSON
import Platform

/// `capture` and `show`: reading values out of the session.
extension SessionEngine {
  func capture(
    _ name: String, from source: CaptureSource, in exchange: Exchange, _ context: SourceLine
  ) throws(SessionError) -> String {
    let exchange = decodedForChecking(exchange)
    switch source {
    case .header(let header):
      guard let value = exchange.headers.first(named: header) else {
        throw .captureFailed(name: name, reason: "the response has no \(header) header", context)
      }
      // A variable is text a request sends as UTF-8: the header's bytes, read as the text they are.
      return value.clientText
    case .json(let path):
      let document: JSONValue
      do {
        document = try self.document(of: exchange)
      } catch {
        throw .captureFailed(name: name, reason: error.description, context)
      }
      // A filter that finds one node captures that node; several are captured as a JSON array.
      let nodes = path.query(document)
      guard let first = nodes.first else {
        throw .captureFailed(name: name, reason: "nothing is at \(path) in the body", context)
      }
      return (nodes.count == 1 ? first : .array(nodes)).plainText
    case .body(let pattern):
      let regex = try compile(pattern, context)
      let bytes: [UInt8]
      do {
        bytes = try wholeBody(exchange.body)
      } catch {
        throw .captureFailed(name: name, reason: error.description, context)
      }
      guard let match = String(decoding: bytes, as: UTF8.self).firstMatch(of: regex) else {
        throw .captureFailed(name: name, reason: "the body holds no match of \(pattern)", context)
      }
      let group = match.output.count > 1 ? match.output[1].substring : match.output[0].substring
      return group.map(String.init) ?? ""
    case .cookie(let cookie):
      // The one set last, as the jar keeps them in the order they were set; an expired one is gone.
      let now = WallClock.secondsSinceEpoch
      guard let found = jar.cookies.last(where: { $0.name == cookie && $0.expires.map({ $0 > now }) ?? true })
      else {
        let reason =
          cookiesEnabled
          ? "the cookie jar holds no cookie named \(cookie)" : "the cookie jar is off ('cookies on' turns it on)"
        throw .captureFailed(name: name, reason: reason, context)
      }
      return found.value
    }
  }

  func show(_ topic: ShowTopic, full: Bool, raw: Bool = false, _ context: SourceLine) throws(SessionError)
    -> ShowOutput
  {
    switch topic {
    case .env:
      // What the app gets: a mounted app's SCRIPT_NAME and PATH_INFO are split at its prefix.
      return .environ(table.routed(try nextRequest(context).request.environ()))
    case .request:
      let (request, appName) = try nextRequest(context)
      return .request(
        RequestPreview(
          method: request.method, target: request.target, headers: request.headers, body: draft.body,
          overrides: request.overrides, appName: appName))
    case .response, .trace:
      guard let exchange = lastExchange else { throw noResponse(context) }
      return topic == .response ? .response(exchange, full: full, raw: raw) : .trace(exchange)
    case .cookies:
      return .cookies(jar.cookies, enabled: cookiesEnabled)
    case .diff:
      return .diff(try answerComparison(context))
    }
  }
}
