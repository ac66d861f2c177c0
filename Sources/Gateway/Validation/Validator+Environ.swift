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
  static func checkEnviron(_ environ: Environ) -> [Diagnostic] {
    var found: [Diagnostic] = []
    for key in requiredKeys where environ[key] == nil {
      found.append(Diagnostic(.environMissingKey, "The environ has no \(key)."))
    }
    for entry in environ.entries {
      found.append(contentsOf: checkType(of: entry))
    }
    for key in ["HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH"] where environ[key] != nil {
      let proper = String(key.dropFirst(5))
      found.append(Diagnostic(.environHTTPContentHeaders, "The environ has \(key); it belongs in \(proper)."))
    }
    if case .version(let major, let minor)? = environ["wsgi.version"], (major, minor) != (1, 0) {
      found.append(Diagnostic(.environVersion, "wsgi.version is (\(major), \(minor)), not (1, 0)."))
    }
    if let scheme = environ.string("wsgi.url_scheme"), scheme != "http", scheme != "https" {
      found.append(Diagnostic(.environURLScheme, "wsgi.url_scheme is \(scheme.quoted), not http or https."))
    }
    if let method = environ.string("REQUEST_METHOD"), !knownMethods.contains(method) {
      found.append(Diagnostic(.environRequestMethod, "REQUEST_METHOD \(method.quoted) is not a known HTTP method."))
    }
    let scriptName = environ.string("SCRIPT_NAME") ?? ""
    let pathInfo = environ.string("PATH_INFO") ?? ""
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
    if let length = environ.string("CONTENT_LENGTH"), !length.isEmpty,
      !(length.allSatisfy(\.isASCIIDigit) && Int(length) != nil)
    {
      found.append(
        Diagnostic(.environContentLength, "CONTENT_LENGTH \(length.quoted) is not a non-negative integer."))
    }
    return found
  }

  private static func checkType(of entry: Environ.Entry) -> [Diagnostic] {
    let key = entry.key
    let value = entry.value
    func wrongType(_ expected: String) -> [Diagnostic] {
      [Diagnostic(.environType, "\(key) is a \(value.typeName) (\(value.displayText.quoted)); it must be \(expected).")]
    }
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
}
