extension Validator {
  static let requiredKeys = [
    "REQUEST_METHOD", "SERVER_NAME", "SERVER_PORT", "wsgi.version", "wsgi.input", "wsgi.errors",
    "wsgi.multithread", "wsgi.multiprocess", "wsgi.run_once",
  ]
  static let knownMethods: Set<String> = [
    "GET", "HEAD", "POST", "OPTIONS", "PATCH", "PUT", "DELETE", "TRACE", "CONNECT",
  ]
  static let flagKeys = ["wsgi.multithread", "wsgi.multiprocess", "wsgi.run_once"]

  /// The checks `wsgiref.validate.check_environ` makes, and PEP 3333's rule
  /// that native strings hold latin-1 code points only.
  ///
  /// One pass over the entries notes what the later checks need (every key is
  /// unique in an environ), instead of a lookup per check: this runs on every dispatch.
  static func checkEnviron(_ environ: Environ) -> [Diagnostic] {
    var typeProblems: [Diagnostic] = []
    var present = 0  // a bit per required key
    var hasHTTPContentType = false
    var hasHTTPContentLength = false
    var version: EnvironValue?
    var scheme: String?
    var method: String?
    var scriptName = ""
    var pathInfo = ""
    var contentLength: String?
    for entry in environ.entries {
      typeProblems.append(contentsOf: checkType(of: entry))
      let key = entry.key
      if let index = requiredKeys.firstIndex(where: { $0.utf8.count == key.utf8.count && $0 == key }) {
        present |= 1 << index
      }
      let text: String?
      if case .string(let value) = entry.value { text = value } else { text = nil }
      if matches(key, "PATH_INFO") {
        pathInfo = text ?? ""
      } else if matches(key, "SCRIPT_NAME") {
        scriptName = text ?? ""
      } else if matches(key, "wsgi.version") {
        version = entry.value
      } else if matches(key, "REQUEST_METHOD") {
        method = text
      } else if matches(key, "CONTENT_LENGTH") {
        contentLength = text
      } else if matches(key, "wsgi.url_scheme") {
        scheme = text
      } else if matches(key, "HTTP_CONTENT_TYPE") {
        hasHTTPContentType = true
      } else if matches(key, "HTTP_CONTENT_LENGTH") {
        hasHTTPContentLength = true
      }
    }
    var found: [Diagnostic] = []
    for (index, key) in requiredKeys.enumerated() where present & (1 << index) == 0 {
      found.append(Diagnostic(.environMissingKey, "The environ has no \(key)."))
    }
    found.append(contentsOf: typeProblems)
    if hasHTTPContentType {
      found.append(
        Diagnostic(.environHTTPContentHeaders, "The environ has HTTP_CONTENT_TYPE; it belongs in CONTENT_TYPE."))
    }
    if hasHTTPContentLength {
      found.append(
        Diagnostic(.environHTTPContentHeaders, "The environ has HTTP_CONTENT_LENGTH; it belongs in CONTENT_LENGTH."))
    }
    if case .version(let major, let minor)? = version, (major, minor) != (1, 0) {
      found.append(Diagnostic(.environVersion, "wsgi.version is (\(major), \(minor)), not (1, 0)."))
    }
    if let scheme, scheme != "http", scheme != "https" {
      found.append(Diagnostic(.environURLScheme, "wsgi.url_scheme is \(scheme.quoted), not http or https."))
    }
    if let method, !isKnownMethod(method) {
      found.append(Diagnostic(.environRequestMethod, "REQUEST_METHOD \(method.quoted) is not a known HTTP method."))
    }
    if scriptName == "/" {
      found.append(
        Diagnostic(
          .environScriptName, "SCRIPT_NAME is '/'; it should be '' with PATH_INFO starting at '/'."))
    } else if !scriptName.isEmpty, !scriptName.hasPrefix("/") {
      found.append(Diagnostic(.environScriptName, "SCRIPT_NAME \(scriptName.quoted) does not start with '/'."))
    }
    if !pathInfo.isEmpty, !pathInfo.hasPrefix("/") {
      found.append(Diagnostic(.environPathInfo, "PATH_INFO \(pathInfo.quoted) does not start with '/'."))
    }
    if scriptName.isEmpty, pathInfo.isEmpty {
      found.append(
        Diagnostic(.environEmptyPath, "SCRIPT_NAME and PATH_INFO are both empty; PATH_INFO should at least be '/'."))
    }
    if let length = contentLength, !length.isEmpty, !(isDigits(length) && Int(length) != nil) {
      found.append(
        Diagnostic(.environContentLength, "CONTENT_LENGTH \(length.quoted) is not a non-negative integer."))
    }
    return found
  }

  /// Whether `method` is in ``knownMethods``; the common methods are matched without hashing.
  static func isKnownMethod(_ method: String) -> Bool {
    switch method {
    case "GET", "POST", "HEAD": return true
    default: return knownMethods.contains(method)
    }
  }

  private static func checkType(of entry: Environ.Entry) -> [Diagnostic] {
    let key = entry.key
    let value = entry.value
    func wrongType(_ expected: String) -> [Diagnostic] {
      [Diagnostic(.environType, "\(key) is a \(value.typeName) (\(value.displayText.quoted)); it must be \(expected).")]
    }
    // Only wsgi.* keys have types of their own: every other key skips their comparisons.
    if key.utf8.first == UInt8(ascii: "w") {
      switch key {
      case "wsgi.version":
        if case .version = value { return [] }
        return wrongType("a tuple such as (1, 0)")
      case "wsgi.input":
        if case .input = value { return [] }
        return wrongType("an input stream")
      case "wsgi.errors":
        if case .errors = value { return [] }
        return wrongType("an error stream")
      case _ where flagKeys.contains(key):
        if case .bool = value { return [] }
        return wrongType("a bool")
      default:
        break
      }
    }
    guard case .string(let text) = value else {
      return key.contains(".") ? [] : wrongType("a native string")
    }
    guard isLatin1(text) else {
      return [
        Diagnostic(
          .environLatin1,
          "\(key) holds \(text.quoted), with code points past U+00FF; native strings carry bytes decoded as latin-1.")
      ]
    }
    return []
  }
}
