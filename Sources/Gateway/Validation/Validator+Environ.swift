extension Validator {
  static let knownMethods: Set<String> = [
    "GET", "HEAD", "POST", "OPTIONS", "PATCH", "PUT", "DELETE", "TRACE", "CONNECT",
  ]

  /// The checks `wsgiref.validate.check_environ` makes, and PEP 3333's rule
  /// that native strings hold latin-1 code points only.
  ///
  /// This runs on every dispatch, so it makes one pass over the entries (every
  /// key is unique in an environ), reading which ``EnvironKey`` each entry is
  /// from the entry itself.
  static func checkEnviron(_ environ: Environ) -> [Diagnostic] {
    var present = 0  // a bit per required key
    var seen = EnvironFacts()
    var misfits: [Int] = []  // entries that may break a type or latin-1 rule: rare, diagnosed after the pass
    // Entries are read in place: a copy of each would retain its key and value.
    environ.entries.withUnsafeBufferPointer { entries in
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
    var typeProblems: [Diagnostic] = []
    for index in misfits {
      let entry = environ.entries[index]
      if let problem = checkType(of: entry, expected: entry.known?.expectedType) { typeProblems.append(problem) }
    }
    var found: [Diagnostic] = []
    for key in EnvironKey.allCases where key.isRequired && present & (1 << key.rawValue) == 0 {
      found.append(Diagnostic(.environMissingKey, "The environ has no \(key.name)."))
    }
    found.add(typeProblems)
    // The few values the checks below read, taken from the entries the pass found.
    func text(_ index: Int?) -> String? {
      guard let index, case .string(let text) = environ.entries[index].value else { return nil }
      return text
    }
    if seen.httpContentType != nil {
      found.append(
        Diagnostic(.environHTTPContentHeaders, "The environ has HTTP_CONTENT_TYPE; it belongs in CONTENT_TYPE."))
    }
    if seen.httpContentLength != nil {
      found.append(
        Diagnostic(.environHTTPContentHeaders, "The environ has HTTP_CONTENT_LENGTH; it belongs in CONTENT_LENGTH."))
    }
    if let index = seen.version, case .version(let major, let minor) = environ.entries[index].value,
      (major, minor) != (1, 0)
    {
      found.append(Diagnostic(.environVersion, "wsgi.version is (\(major), \(minor)), not (1, 0)."))
    }
    if let scheme = text(seen.scheme), scheme != "http", scheme != "https" {
      found.append(Diagnostic(.environURLScheme, "wsgi.url_scheme is \(scheme.quoted), not http or https."))
    }
    if let method = text(seen.method), !isKnownMethod(method) {
      found.append(Diagnostic(.environRequestMethod, "REQUEST_METHOD \(method.quoted) is not a known HTTP method."))
    }
    let scriptName = text(seen.scriptName) ?? ""
    let pathInfo = text(seen.pathInfo) ?? ""
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
    if let length = text(seen.contentLength), !length.isEmpty, !(isDigits(length) && Int(length) != nil) {
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

  static func checkType(of entry: Environ.Entry, expected: ExpectedType?) -> Diagnostic? {
    let key = entry.key
    let value = entry.value
    func wrongType(_ expected: String) -> Diagnostic {
      Diagnostic(.environType, "\(key) is a \(value.typeName) (\(value.displayText.quoted)); it must be \(expected).")
    }
    switch (expected, value) {
    case (.version?, .version), (.input?, .input), (.errors?, .errors), (.flag?, .bool): return nil
    case (.version?, _): return wrongType("a tuple such as (1, 0)")
    case (.input?, _): return wrongType("an input stream")
    case (.errors?, _): return wrongType("an error stream")
    case (.flag?, _): return wrongType("a bool")
    case (nil, .string(let text)):
      guard isLatin1(text) else {
        return Diagnostic(
          .environLatin1,
          "\(key) holds \(text.quoted), with code points past U+00FF; native strings carry bytes decoded as latin-1.")
      }
      return nil
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
