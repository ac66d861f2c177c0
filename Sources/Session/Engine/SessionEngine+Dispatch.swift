import Gateway
import JSON
import Platform

/// Dispatching: build the request from the draft, route it, keep the cookies, follow redirects.
extension SessionEngine {
  static let redirectStatuses: Set<Int> = [301, 302, 303, 307, 308]
  static let maxRedirects = 10

  /// Dispatches a request, following redirects when asked, and hands each hop to `sink`.
  /// - Returns: The response recorded as session lines, when responses are recorded.
  func dispatch(
    method: String, target: String, own: OwnRequestParts?, _ context: SourceLine,
    observer: (any ExchangeObserver)?, into sink: inout some SessionEventSink
  ) throws(SessionError) -> RecordedResponse? {
    var request = try buildRequest(method: method, target: target, own: own, context)
    var curl: CurlRequest?
    if case .curl(let command)? = own {
      curl = command
      for note in command.notes { sink.receive(.message("curl: " + note)) }
    }
    // The hops are handed on only once all are done: a redirect that cannot be routed fails
    // the whole request line, which then reports nothing else. Nearly every request is one hop.
    var earlier: [DispatchRecord] = []
    var last: DispatchRecord
    var notFollowed: String?
    var hops = 0
    // Read once, not at each use: every read of a class's property is checked for exclusive access.
    let cookiesEnabled = self.cookiesEnabled
    // A curl command is sent as written: the jar adds nothing to it (its `-b` and `Cookie` are its cookies).
    let sendsJar = cookiesEnabled && curl == nil
    let followRedirects = self.followRedirects || curl?.follow == true
    let dispatcher = self.dispatcher
    while true {
      // The request as the draft made it, before the jar adds to it, is what a redirect starts from;
      // kept only when redirects are followed, as copying it for every request shows in a replay.
      let base = followRedirects ? request : nil
      let route = try route(request.target, context)
      let appName = route.name
      if sendsJar, !jar.cookies.isEmpty,
        let cookies = jar.header(for: appName, path: Self.path(of: request.target), now: WallClock.secondsSinceEpoch)
      {
        if let index = request.headers.firstIndex(where: { $0.name.lowercased() == "cookie" }) {
          request.headers[index].value += "; " + cookies
        } else {
          request.headers.append(HeaderField("Cookie", cookies))
        }
      }
      let exchange = dispatcher.dispatchWatched(request, to: route.app, observer: observer)
      if cookiesEnabled { jar.store(exchange.headers, from: appName, now: WallClock.secondsSinceEpoch) }
      // Moved into the record, not copied: a redirect sets a new one.
      last = DispatchRecord(
        request: consume request, appName: appName, hop: hops, exchange: exchange, location: context.location)
      hops += 1
      lastExchange = exchange
      guard let base, let step = Self.redirect(from: base, exchange) else { break }
      guard case .follow(let redirect) = step else {
        if case .notFollowed(let reason) = step { notFollowed = reason }
        break
      }
      guard hops <= Self.maxRedirects else {
        notFollowed = "stopped following redirects after \(Self.maxRedirects) hops"
        break
      }
      earlier.append(last)
      request = redirect
    }
    lastDispatch = last
    lastBodyFile = Self.bodyFile(of: last.request, own: own, draft: draft.body)
    var recording: (recorded: RecordedResponse, newlyIgnored: [String])?
    // A sourced file's responses are checked by that file: recorded after the `source` line, as
    // the journal wrote them, every one of them was checked against the last response.
    if recordsResponses, sourceDepth == 0 {
      // Built with the labels the recorder takes: an unlabelled list is cast element by element.
      var recordedHops: [(request: Request, exchange: Exchange)] = []
      recordedHops.reserveCapacity(earlier.count + 1)
      for record in earlier { recordedHops.append((record.request, decodedForChecking(record.exchange))) }
      recordedHops.append((last.request, decodedForChecking(last.exchange)))
      recording = SessionRecording.record(
        recordedHops, ignoring: ignoredHeaders, mask: ignoreMask, writingInto: &recordingBuffer)
    }
    for record in earlier { sink.dispatched(record) }
    sink.dispatched(last)
    if let notFollowed { sink.receive(.message(notFollowed)) }
    guard let recording else { return nil }
    for name in recording.newlyIgnored where !ignoredHeaders.contains(name) { ignoredHeaders.append(name) }
    sink.receive(.recorded(recording.recorded))
    answers.record(recording.recorded, method: method, target: target)
    if notesChangedAnswers, let latest = answers.latest, let previous = latest.previous,
      previous.recorded != latest.answer.recorded
    {
      let ago = latest.answer.number - previous.number
      sink.receive(
        .message(
          "the answer changed since \(method) \(target) was last sent (\(ago == 1 ? "the answer just before" : "\(ago) answers ago"))"
            + ": 'show diff' shows how"))
    }
    return recording.recorded
  }

  /// The request the draft makes with this method and target, variables expanded, and what the
  /// request line carries for itself.
  ///
  /// The draft's body goes only with a method that carries one (``carriesDraftBody(_:)``), and
  /// the draft's `Content-Type` and `Content-Length` headers, which describe that body, go with it:
  /// a `GET` after a form `POST` sends neither. A body on the request line goes whatever the method.
  func buildRequest(
    method: String, target: String, own: OwnRequestParts? = nil, _ context: SourceLine
  ) throws(SessionError) -> Request {
    if case .curl(let curl)? = own { return try curlRequest(curl, context) }
    let draft = self.draft
    var ownBody: BodySource?
    if case .body(let body)? = own { ownBody = body }
    let bodyGoes = ownBody != nil || Self.carriesDraftBody(method)
    // A form is the draft's body, its Content-Type made with the boundary.
    let formGoes = ownBody == nil && bodyGoes && !draft.form.isEmpty
    var headers: [HeaderField] = []
    for header in draft.headers where bodyGoes || !Self.describesBody(header.name) {
      if formGoes, header.name.lowercased() == "content-type" { continue }
      headers.append(HeaderField(header.name, try expand(header.value, context)))
    }
    if let authorization = draft.authorization {
      headers.append(HeaderField("Authorization", try authorizationValue(authorization, context)))
    }
    var formBody: Request.Body?
    if formGoes {
      var fields: [FormField] = []
      for (name, value) in draft.form {
        switch value {
        case .text(let template):
          fields.append(FormField(name: name, value: .text(Array(try expand(template, context).utf8))))
        case .file(let path, let type, let filename):
          fields.append(FormField(name: name, value: .file(path: path), type: type, filename: filename))
        }
      }
      do throws(MultipartForm.FileProblem) {
        let form = try MultipartForm.body(fields)
        formBody = form.body
        headers.append(HeaderField("Content-Type", form.contentType))
      } catch {
        throw .fileFailed(path: error.path, reason: error.reason, context)
      }
    }
    var overrides: [(key: String, value: EnvironValue?)] = []
    for override in draft.overrides {
      overrides.append(
        (
          override.key,
          try override.value.map { template throws(SessionError) in
            Self.environValue(for: override.key, try expand(template, context))
          }
        ))
    }
    var body: Request.Body = .bytes([])
    if let formBody {
      body = formBody
    } else if bodyGoes {
      body = try requestBody(ownBody ?? draft.body, context)
    }
    return Request(method: method, target: target, headers: headers, body: body, overrides: overrides)
  }

  /// The Authorization header's value `auth` makes.
  func authorizationValue(_ authorization: Authorization, _ context: SourceLine) throws(SessionError) -> String {
    switch authorization {
    case .basic(let user, let password):
      let credentials = try expand(user, context) + ":" + expand(password, context)
      return "Basic " + Base64.encode(Array(credentials.utf8), lineLength: .max).joined()
    case .bearer(let token):
      return "Bearer " + (try expand(token, context))
    }
  }

  /// The request a curl command makes, the draft left out; files are read (or opened) now.
  func curlRequest(_ curl: CurlRequest, _ context: SourceLine) throws(SessionError) -> Request {
    var headers = curl.headers
    var body: Request.Body = .bytes([])
    do {
      if !curl.form.isEmpty {
        let form = try MultipartForm.body(curl.form)
        body = form.body
        if !headers.contains(where: { $0.name.lowercased() == "content-type" }) {
          headers.append(HeaderField("Content-Type", form.contentType))
        }
      } else if curl.body.count == 1, case .file(let path) = curl.body[0] {
        body = try FileIO.requestBody(path)
      } else if !curl.body.isEmpty {
        var bytes: [UInt8] = []
        for piece in curl.body {
          switch piece {
          case .bytes(let more): bytes += more
          case .file(let path):
            guard let more = FileIO.read(path) else {
              throw MultipartForm.FileProblem(path: path, reason: "it is not a readable file")
            }
            bytes += more
          }
        }
        body = .bytes(bytes)
      }
    } catch let problem as MultipartForm.FileProblem {
      throw .fileFailed(path: problem.path, reason: problem.reason, context)
    } catch {
      throw .fileFailed(path: "", reason: "\(error)", context)
    }
    // The absolute target names the server: SERVER_NAME and SERVER_PORT come from it.
    return Request(method: curl.method, target: curl.target, headers: headers, body: body)
  }

  /// The file a dispatched body was read from whole, so `show curl` can name it rather than print it.
  static func bodyFile(of request: Request, own: OwnRequestParts?, draft: BodySource?) -> String? {
    guard case .stream = request.body else { return nil }
    switch own {
    case .body(.file(let path))?: return path
    case .curl(let curl)?:
      if curl.form.isEmpty, curl.body.count == 1, case .file(let path) = curl.body[0] { return path }
      return nil
    case .body?: return nil
    case nil:
      if case .file(let path)? = draft { return path }
      return nil
    }
  }

  /// Whether the draft's body goes with a request of `method`: every method but the ones whose
  /// requests have no body in practice (RFC 9110 gives a body to GET, HEAD, DELETE, OPTIONS,
  /// TRACE and CONNECT no meaning, and servers may drop it).
  static func carriesDraftBody(_ method: String) -> Bool {
    switch method {
    case "GET", "HEAD", "DELETE", "OPTIONS", "TRACE", "CONNECT": return false
    default: return true
    }
  }

  /// Whether a header describes the body (`Content-Type`, `Content-Length`), and so goes only with one.
  static func describesBody(_ name: String) -> Bool {
    name.utf8.count >= 12 && (name.lowercased() == "content-type" || name.lowercased() == "content-length")
  }

  func requestBody(_ body: BodySource?, _ context: SourceLine) throws(SessionError) -> Request.Body {
    switch body {
    case nil: return .bytes([])
    case .text(let template)?: return .bytes(Array(try expand(template, context).utf8))
    case .bytes(let bytes)?: return .bytes(bytes)
    case .file(let path)?:
      do {
        return try FileIO.requestBody(path)
      } catch {
        throw .fileFailed(path: path, reason: "\(error)", context)
      }
    }
  }

  /// A raw environ value as `set` writes it: the `wsgi.*` flags become bools and
  /// `wsgi.version` a version, so a typed value can be composed; `"text"` stays a string.
  static func environValue(for key: String, _ text: String) -> EnvironValue {
    if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\""),
      case .string(let unquoted)? = try? JSONValue(parsing: text)
    {
      return .string(unquoted)
    }
    if ["wsgi.multithread", "wsgi.multiprocess", "wsgi.run_once"].contains(key) {
      switch text.lowercased() {
      case "true": return .bool(true)
      case "false": return .bool(false)
      default: break
      }
    }
    if key == "wsgi.version", text.hasPrefix("("), text.hasSuffix(")") {
      let parts = text.dropFirst().dropLast().split(separator: ",").map { $0.trimmingCharacters(in: " ") }
      if parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]) { return .version(major, minor) }
    }
    return .string(text)
  }

  /// Where a request to `target` goes: the app mounted at the longest prefix of its path, else the current one.
  func route(_ target: String, _ context: SourceLine) throws(SessionError) -> AppTable.Route {
    guard let route = table.route(target) else { throw .noApp(context) }
    if !appsNotLoaded.isEmpty, appsNotLoaded.contains(route.name) { throw .appNotLoaded(route.name, context) }
    return route
  }

  /// The path of a request target, without scheme, authority, query or fragment.
  static func path(of target: String) -> String { AppTable.path(of: target) }

  /// The request a client makes on a redirect response, or why it makes none; `nil` when the
  /// response is no redirect.
  static func redirect(from request: Request, _ exchange: Exchange) -> RedirectStep? {
    guard let code = exchange.statusCode, redirectStatuses.contains(code),
      // The text the header's bytes are, which the next request sends as those bytes again.
      let location = exchange.headers.first(named: "Location")?.clientText, !location.isEmpty
    else { return nil }
    var next = request
    if code == 303 && request.method != "HEAD" || (code == 301 || code == 302) && request.method == "POST" {
      next.method = "GET"
      next.body = .bytes([])
      next.headers.removeAll { ["content-type", "content-length"].contains($0.name.lowercased()) }
    }
    switch RedirectLocation(location, from: request) {
    case .here(let target):
      next.target = target
      return .follow(next)
    case .elsewhere(let url, let reason):
      return .notFollowed("the redirect to \(url) was not followed: \(reason). To send it to the app: GET \(url)")
    }
  }

  /// What a client does on a response: follow its redirect, or say why it does not.
  enum RedirectStep {
    case follow(Request)
    case notFollowed(String)
  }
}
