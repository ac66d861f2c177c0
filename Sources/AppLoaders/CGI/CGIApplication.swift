import Gateway
import Platform

/// A CGI program (RFC 3875) as a gateway application: spawned for each
/// request, with the environ as its whole environment.
struct CGIApplication: Application {
  /// The program's absolute path.
  let program: String
  let options: LoadOptions
  /// Whether the program is a non-parsed-header program, whose output is a whole HTTP response (§5).
  let isNPH: Bool
  /// The program's folder, its working directory (§7.2).
  private let directory: String
  /// Whether the program is an interpreter that runs the script `SCRIPT_FILENAME` names
  /// (php-cgi), rather than the script itself: then it gets no `SCRIPT_FILENAME` of its own.
  let isInterpreter: Bool

  init(program: String, options: LoadOptions) {
    self.program = program
    self.options = options
    isNPH = (program.split(separator: "/").last ?? "").hasPrefix("nph-")
    let parts = program.split(separator: "/", omittingEmptySubsequences: false).dropLast()
    let joined = parts.joined(separator: "/")
    directory = joined.isEmpty ? "/" : joined
    let name = program.split(separator: "/").last ?? ""
    isInterpreter = name.hasPrefix("php") && name.contains("cgi") && !name.hasSuffix(".php")
  }

  /// The PATH a child gets when the environ sets none: enough to find the usual tools, nothing of the shell's.
  static let minimalPath = "/usr/local/bin:/usr/bin:/bin"

  /// The run polls the child's pipes in short steps and stops it at the deadline or on cancellation.
  var stopsWhenAsked: Bool { true }

  func callAsFunction(_ environ: Environ, _ startResponse: StartResponse) throws -> any ResponseBody {
    let context = startResponse.context
    var environ = environ
    var redirects = 0
    while true {
      let environment = try Self.environment(
        for: environ, scriptFilename: isInterpreter ? nil : program, context: context)
      let run = try CGIRun(
        program: program, environment: environment, directory: directory, environ: environ, context: context)
      var raw: [UInt8] = []
      var scanned = 0
      var head: CGIResponseHead?
      do {
        while head == nil {
          guard let chunk = try run.nextOutput() else {
            head = .malformed(
              reason: raw.isEmpty
                ? "the program wrote nothing" : "the output ended before the blank line that ends the headers",
              raw: raw)
            break
          }
          raw += chunk
          if let end = CGIResponseHead.headerEnd(in: raw, resumingAt: &scanned) {
            head = CGIResponseHead.parse(raw, end: end, nph: isNPH)
            raw.removeFirst(end)
          } else if raw.count > options.cgiHeaderLimit {
            head = .malformed(
              reason: "the headers passed \(options.cgiHeaderLimit) bytes without a blank line", raw: raw)
          }
        }
      } catch {
        run.stop()
        throw error
      }
      // A known program's own error page is recognised on the body's first bytes, which may come later.
      let watch = CGIRefusal.mayBe(head!) ? CGIRefusal.Watch(head: head!, environ: environ, context: context) : nil
      switch head! {
      case .document(let status, let headers):
        try answer(startResponse, status, headers.map { ($0.name, $0.value) }, run: run)
        return CGIBody(run: run, first: raw, watch: watch)
      case .malformed(let reason, let rawBytes):
        context.report(Diagnostic(.cgiResponseMalformed, "The CGI program's response is malformed: \(reason)."))
        try answer(startResponse, "502 Bad Gateway", [("Content-Type", "application/octet-stream")], run: run)
        return CGIBody(run: run, first: rawBytes, watch: watch)
      case .localRedirect(let location):
        run.stop()
        guard redirects < options.localRedirectLimit else {
          throw CGIError.redirectLoop(program: program, limit: options.localRedirectLimit, location: location)
        }
        redirects += 1
        context.report(
          Diagnostic(.cgiLocalRedirect, "The CGI program redirected locally to \(location); it was run again as GET."))
        environ = Self.redirected(environ, to: location)
      }
    }
  }

  /// Calls start_response; when the gateway refuses (the dispatch was stopped), the program is stopped first.
  private func answer(
    _ startResponse: StartResponse, _ status: String, _ headers: [(String, String)], run: CGIRun
  ) throws {
    do {
      try startResponse(status, headers)
    } catch {
      run.stop()
      throw error
    }
  }

  /// The child's whole environment: the environ's string entries, nothing of gwsh's own, and
  /// what web servers add when the environ does not set it: a `PATH`, `SCRIPT_FILENAME` (the
  /// program's absolute path, as Apache and nginx set it; php-cgi finds its script there) and
  /// `REDIRECT_STATUS=200` (php-cgi's `cgi.force_redirect` refuses to run without it).
  /// - Parameter scriptFilename: The program's path; `nil` for an interpreter, which is told its script by the user.
  /// - Throws: ``CGIError/unpassableEntry(key:problem:)`` for an entry no environment can hold.
  static func environment(
    for environ: Environ, scriptFilename: String? = nil, context: GatewayContext
  ) throws -> EnvironmentBlock {
    var environment = EnvironmentBlock()
    var hasPath = false
    var hasScriptFilename = false
    var hasRedirectStatus = false
    for (key, value) in environ.stringEntries {
      // Each name and value is checked and copied in one pass over its UTF-8 bytes, in place.
      var name = key
      var text = value
      let verdict = name.withUTF8 { name in
        text.withUTF8 { value in
          Self.check(name: name, value: value) { environment.append(name: name, value: value) }
        }
      }
      switch verdict {
      case .passed: break
      case .path: hasPath = true
      case .scriptFilename: hasScriptFilename = true
      case .redirectStatus: hasRedirectStatus = true
      case .proxy:
        context.report(
          Diagnostic(
            .cgiHTTPProxy,
            "The Proxy request header was not passed as HTTP_PROXY: programs would take it for their outgoing proxy (httpoxy)."
          ))
      case .unpassable(let problem):
        let shown = problem == EntryVerdict.badName ? key.quotedForMessage : key
        throw CGIError.unpassableEntry(key: shown, problem: problem)
      }
    }
    if !hasPath { environment.append(name: "PATH", value: minimalPath) }
    if !hasScriptFilename, let scriptFilename { environment.append(name: "SCRIPT_FILENAME", value: scriptFilename) }
    if !hasRedirectStatus { environment.append(name: "REDIRECT_STATUS", value: "200") }
    return environment
  }

  /// What becomes of one environ entry.
  enum EntryVerdict: Equatable {
    /// Passed on.
    case passed
    /// Passed on; it is the PATH.
    case path
    /// Passed on; it is SCRIPT_FILENAME.
    case scriptFilename
    /// Passed on; it is REDIRECT_STATUS.
    case redirectStatus
    /// Left out: the Proxy request header (httpoxy).
    case proxy
    /// No environment can hold it, for the reason given.
    case unpassable(String)

    static let badName = "its name is empty or holds '=' or NUL"
  }

  /// Checks an entry's bytes and calls `pass` when it goes into the environment.
  static func check(
    name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>, pass: () -> Void
  ) -> EntryVerdict {
    if Self.bytes(name, start: "HTTP_PROXY", whole: true) { return .proxy }
    if name.isEmpty || name.contains(where: { $0 == UInt8(ascii: "=") || $0 == 0 }) {
      return .unpassable(EntryVerdict.badName)
    }
    if value.contains(0) { return .unpassable("its value holds NUL") }
    if Self.bytes(name, start: "HTTP_", whole: false), value.contains(where: { $0 == 10 || $0 == 13 }) {
      return .unpassable("its header value holds CR or LF")
    }
    pass()
    if Self.bytes(name, start: "PATH", whole: true) { return .path }
    if Self.bytes(name, start: "SCRIPT_FILENAME", whole: true) { return .scriptFilename }
    if Self.bytes(name, start: "REDIRECT_STATUS", whole: true) { return .redirectStatus }
    return .passed
  }

  /// Whether `bytes` start with `literal` (and, when `whole`, are nothing else): lengths first, then the bytes.
  private static func bytes(_ bytes: UnsafeBufferPointer<UInt8>, start literal: StaticString, whole: Bool) -> Bool {
    let count = literal.utf8CodeUnitCount
    guard whole ? bytes.count == count : bytes.count >= count, let base = bytes.baseAddress else { return false }
    return UnsafeRawBufferPointer(start: base, count: count).elementsEqual(
      UnsafeRawBufferPointer(start: literal.utf8Start, count: count))
  }

  /// The environ of the GET a local redirect asks for: the new path and query, no body.
  static func redirected(_ environ: Environ, to location: String) -> Environ {
    var environ = environ
    let (path, query) =
      location.firstIndex(of: "?").map { (String(location[..<$0]), String(location[location.index(after: $0)...])) }
      ?? (location, "")
    let scriptName = environ.string("SCRIPT_NAME") ?? ""
    let inside = !scriptName.isEmpty && (path == scriptName || path.hasPrefix(scriptName + "/"))
    environ["REQUEST_METHOD"] = .string("GET")
    environ["PATH_INFO"] = .string(inside ? String(path.dropFirst(scriptName.count)) : path)
    if !inside { environ["SCRIPT_NAME"] = .string("") }
    environ["QUERY_STRING"] = .string(query)
    environ["REQUEST_URI"] = .string(location)
    environ["CONTENT_LENGTH"] = nil
    environ["CONTENT_TYPE"] = nil
    return environ
  }
}

/// The body of a CGI response: what was read with the headers, then stdout as it streams.
struct CGIBody: ResponseBody {
  let run: CGIRun
  var first: [UInt8]
  /// Set when the head looks like a known program's error page; checked on the first bytes.
  var watch: CGIRefusal.Watch?

  mutating func next() throws -> [UInt8]? {
    let chunk: [UInt8]?
    if !first.isEmpty {
      chunk = first
      first = []
    } else {
      chunk = try run.nextOutput()
    }
    if watch != nil, watch!.look(at: chunk) { watch = nil }
    return chunk
  }

  mutating func close() throws { run.stop() }
}
