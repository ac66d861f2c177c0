extension Validator {
  /// The methods of IANA's HTTP Method Registry: those of RFC 9110 and PATCH, which are all
  /// wsgiref.validate knows, and those of WebDAV (RFC 4918), CalDAV (RFC 4791), versioning
  /// (RFC 3253), bindings (RFC 5842), ordering (RFC 3648), ACL (RFC 3744), search (RFC 5323),
  /// redirect references (RFC 4437) and linking (RFC 2068). A CalDAV or WebDAV server answers
  /// `PROPFIND` and `REPORT` on every request, so they are no mistake to warn about.
  static let knownMethods: Set<String> = [
    "GET", "HEAD", "POST", "OPTIONS", "PATCH", "PUT", "DELETE", "TRACE", "CONNECT",
    "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK",
    "MKCALENDAR", "REPORT", "ACL", "SEARCH", "ORDERPATCH",
    "BIND", "REBIND", "UNBIND", "MKREDIRECTREF", "UPDATEREDIRECTREF",
    "VERSION-CONTROL", "CHECKOUT", "CHECKIN", "UNCHECKOUT", "MKWORKSPACE", "UPDATE", "LABEL", "MERGE",
    "BASELINE-CONTROL", "MKACTIVITY", "LINK", "UNLINK",
  ]

  /// The checks `wsgiref.validate.check_environ` makes, and PEP 3333's rule
  /// that native strings hold latin-1 code points only.
  static func checkEnviron(_ environ: Environ) -> [Diagnostic] {
    switch environ.storage {
    case .list(let entries): return checkEnviron(entries)
    case .server(let server): return checkEnviron(server)
    }
  }

  /// The checks on a list of entries. This runs on every dispatch of a
  /// composed or changed environ, so it makes one pass over the entries
  /// (every key is unique in an environ), reading which ``EnvironKey`` each
  /// entry is from the entry itself.
  private static func checkEnviron(_ entries: [Environ.Entry]) -> [Diagnostic] {
    var present = 0  // a bit per required key
    var seen = EnvironFacts()
    var misfits: [Int] = []  // entries that may break a type or latin-1 rule: rare, diagnosed after the pass
    // Entries are read in place: a copy of each would retain its key and value.
    entries.withUnsafeBufferPointer { entries in
      for index in entries.indices {
        guard let known = entries[index].known else {
          // Nearly every entry: a CGI variable holding latin-1 text.
          if !entries[index].value.fits(nil) { misfits.append(index) }
          continue
        }
        if known.isRequired { present |= 1 << known.rawValue }
        seen.note(known, at: index)
        if !entries[index].value.fits(known.expectedType) { misfits.append(index) }
      }
    }
    var found: [Diagnostic] = []
    for key in EnvironKey.allCases where key.isRequired && present & (1 << key.rawValue) == 0 {
      found.append(Diagnostic(.environMissingKey, "The environ has no \(key.name)."))
    }
    for index in misfits {
      if let problem = checkType(of: entries[index], expected: entries[index].known?.expectedType) {
        found.append(problem)
      }
    }
    // The few values the checks below read, taken from the entries the pass found.
    func text(_ index: Int?) -> String? {
      guard let index, case .string(let text) = entries[index].value else { return nil }
      return text
    }
    var version: (major: Int, minor: Int)?
    if let index = seen.version, case .version(let major, let minor) = entries[index].value {
      version = (major, minor)
    }
    let values = CheckedValues(
      method: text(seen.method), scriptName: text(seen.scriptName), pathInfo: text(seen.pathInfo),
      contentLength: text(seen.contentLength), scheme: text(seen.scheme), version: version,
      hasHTTPContentType: seen.httpContentType != nil, hasHTTPContentLength: seen.httpContentLength != nil)
    check(values, into: &found)
    return found
  }

  /// The checks on a server's environ for a request. Its keys and types are
  /// right by construction, so only the values that came from the request are
  /// read: the method, the target's parts and the headers.
  private static func checkEnviron(_ server: ServerEnviron) -> [Diagnostic] {
    let request = server.request
    var found: [Diagnostic] = []
    func checkLatin1(_ key: String, _ value: String) {
      if !isLatin1(value) { found.append(notLatin1(key, value)) }
    }
    // In the order the entries are listed, as the check of a list reports them.
    checkLatin1("REQUEST_METHOD", request.method)
    checkLatin1("PATH_INFO", request.pathInfo)
    checkLatin1("QUERY_STRING", request.queryString)
    checkLatin1("REQUEST_URI", request.requestURI)
    checkLatin1("HTTP_HOST", request.httpHost)
    if let length = request.contentLength { checkLatin1("CONTENT_LENGTH", length) }
    for entry in request.headerEntries {
      if case .string(let value) = entry.value { checkLatin1(entry.key, value) }
    }
    checkLatin1("wsgi.url_scheme", request.scheme)
    let values = CheckedValues(
      method: request.method, scriptName: "", pathInfo: request.pathInfo, contentLength: request.contentLength,
      scheme: request.scheme, version: (1, 0), hasHTTPContentType: false, hasHTTPContentLength: false)
    check(values, into: &found)
    return found
  }

  /// The values the checks after the type checks read.
  private struct CheckedValues {
    var method: String?
    var scriptName: String?
    var pathInfo: String?
    var contentLength: String?
    var scheme: String?
    var version: (major: Int, minor: Int)?
    var hasHTTPContentType: Bool
    var hasHTTPContentLength: Bool
  }

  private static func check(_ values: CheckedValues, into found: inout [Diagnostic]) {
    if values.hasHTTPContentType {
      found.append(
        Diagnostic(.environHTTPContentHeaders, "The environ has HTTP_CONTENT_TYPE; it belongs in CONTENT_TYPE."))
    }
    if values.hasHTTPContentLength {
      found.append(
        Diagnostic(.environHTTPContentHeaders, "The environ has HTTP_CONTENT_LENGTH; it belongs in CONTENT_LENGTH."))
    }
    if let (major, minor) = values.version, (major, minor) != (1, 0) {
      found.append(Diagnostic(.environVersion, "wsgi.version is (\(major), \(minor)), not (1, 0)."))
    }
    if let scheme = values.scheme, scheme != "http", scheme != "https" {
      found.append(Diagnostic(.environURLScheme, "wsgi.url_scheme is \(scheme.quoted), not http or https."))
    }
    if let method = values.method, !isKnownMethod(method) {
      found.append(
        Diagnostic(.environRequestMethod, "REQUEST_METHOD \(method.quoted) is not in IANA's HTTP Method Registry."))
    }
    let scriptName = values.scriptName ?? ""
    let pathInfo = values.pathInfo ?? ""
    if scriptName == "/" {
      found.append(
        Diagnostic(
          .environScriptName, "SCRIPT_NAME is '/'; it should be '' with PATH_INFO starting at '/'."))
    } else if !scriptName.isEmpty, scriptName.utf8.first != UInt8(ascii: "/") {
      found.append(Diagnostic(.environScriptName, "SCRIPT_NAME \(scriptName.quoted) does not start with '/'."))
    }
    if !pathInfo.isEmpty, pathInfo.utf8.first != UInt8(ascii: "/") {
      found.append(Diagnostic(.environPathInfo, "PATH_INFO \(pathInfo.quoted) does not start with '/'."))
    }
    if scriptName.isEmpty, pathInfo.isEmpty {
      found.append(
        Diagnostic(.environEmptyPath, "SCRIPT_NAME and PATH_INFO are both empty; PATH_INFO should at least be '/'."))
    }
    if let length = values.contentLength, !length.isEmpty, !(isDigits(length) && Int(length) != nil) {
      found.append(
        Diagnostic(.environContentLength, "CONTENT_LENGTH \(length.quoted) is not a non-negative integer."))
    }
  }

  /// Whether `method` is in ``knownMethods``; the common methods are matched without hashing.
  static func isKnownMethod(_ method: String) -> Bool {
    switch method {
    case "GET", "POST", "HEAD": return true
    default: return knownMethods.contains(method)
    }
  }

  /// The type a `wsgi.*` entry must have.
  enum ExpectedType {
    case version, input, errors, flag
  }

  /// Where the entries the checks after the pass read are: indices into the environ's entries.
  struct EnvironFacts {
    var pathInfo: Int?
    var scriptName: Int?
    var version: Int?
    var method: Int?
    var contentLength: Int?
    var scheme: Int?
    var httpContentType: Int?
    var httpContentLength: Int?

    /// Notes where `key` is, when the checks after the pass read it.
    mutating func note(_ key: EnvironKey, at index: Int) {
      switch key {
      case .pathInfo: pathInfo = index
      case .scriptName: scriptName = index
      case .wsgiVersion: version = index
      case .requestMethod: method = index
      case .contentLength: contentLength = index
      case .wsgiURLScheme: scheme = index
      case .httpContentType: httpContentType = index
      case .httpContentLength: httpContentLength = index
      case .serverName, .serverPort, .wsgiInput, .wsgiErrors, .wsgiMultithread, .wsgiMultiprocess, .wsgiRunOnce:
        break
      }
    }
  }

  private static func notLatin1(_ key: String, _ text: String) -> Diagnostic {
    Diagnostic(
      .environLatin1,
      "\(key) holds \(text.quoted), with code points past U+00FF; native strings carry bytes decoded as latin-1.")
  }

  static func checkType(of entry: Environ.Entry, expected: ExpectedType?) -> Diagnostic? {
    let key = entry.key
    let value = entry.value
    func wrongType(_ expected: String) -> Diagnostic {
      Diagnostic(
        .environType, "\(key) holds \(value.displayText.quoted), of type \(value.typeName); it must be \(expected).")
    }
    switch (expected, value) {
    case (.version?, .version), (.input?, .input), (.errors?, .errors), (.flag?, .bool): return nil
    case (.version?, _): return wrongType("a tuple such as (1, 0)")
    case (.input?, _): return wrongType("an input stream")
    case (.errors?, _): return wrongType("an error stream")
    case (.flag?, _): return wrongType("a bool")
    case (nil, .string(let text)):
      return isLatin1(text) ? nil : notLatin1(key, text)
    case (nil, _):
      return key.contains(".") ? nil : wrongType("a native string")
    }
  }
}

extension EnvironKey {
  /// The type the entry must have, for the `wsgi.*` keys with one.
  var expectedType: Validator.ExpectedType? {
    switch self {
    case .wsgiVersion: return .version
    case .wsgiInput: return .input
    case .wsgiErrors: return .errors
    case .wsgiMultithread, .wsgiMultiprocess, .wsgiRunOnce: return .flag
    default: return nil
    }
  }
}

extension EnvironValue {
  /// Whether this value is of the type the checks expect (a latin-1 string when
  /// they expect none); ``Validator/checkType(of:expected:)`` says what is wrong when not.
  fileprivate func fits(_ type: Validator.ExpectedType?) -> Bool {
    switch (type, self) {
    case (.version?, .version), (.input?, .input), (.errors?, .errors), (.flag?, .bool): return true
    case (nil, .string(let text)): return Validator.isLatin1(text)
    default: return false
    }
  }
}
