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
  /// This runs on every dispatch, so it makes one pass over the entries (every
  /// key is unique in an environ) and finds the few of ``keyRoles`` a key may
  /// be from its length and first byte, before comparing any string.
  static func checkEnviron(_ environ: Environ) -> [Diagnostic] {
    var typeProblems: [Diagnostic] = []
    var present = 0  // a bit per required key
    var seen = EnvironFacts()
    // Read once: each use of a static inside the loop would check its initialisation again.
    let roles = keyRoles
    let table = roleCandidateTable
    for entry in environ.entries {
      var roleIndex: Int?
      var candidates = roleCandidates(for: entry.key, in: table)
      while candidates != 0 {
        let index = candidates.trailingZeroBitCount
        if roles[index].key == entry.key {
          roleIndex = index
          break
        }
        candidates &= candidates - 1
      }
      if let roleIndex {
        if let index = roles[roleIndex].required { present |= 1 << index }
        seen.note(roles[roleIndex].reads, entry.value)
      } else if case .string(let text) = entry.value, isLatin1(text) {
        continue  // nearly every entry: a CGI variable holding latin-1 text
      }
      let expected = roleIndex.flatMap { roles[$0].type }
      if let problem = checkType(of: entry, expected: expected) { typeProblems.append(problem) }
    }
    var found: [Diagnostic] = []
    for (index, key) in requiredKeys.enumerated() where present & (1 << index) == 0 {
      found.append(Diagnostic(.environMissingKey, "The environ has no \(key)."))
    }
    found.add(typeProblems)
    if seen.hasHTTPContentType {
      found.append(
        Diagnostic(.environHTTPContentHeaders, "The environ has HTTP_CONTENT_TYPE; it belongs in CONTENT_TYPE."))
    }
    if seen.hasHTTPContentLength {
      found.append(
        Diagnostic(.environHTTPContentHeaders, "The environ has HTTP_CONTENT_LENGTH; it belongs in CONTENT_LENGTH."))
    }
    if case .version(let major, let minor)? = seen.version, (major, minor) != (1, 0) {
      found.append(Diagnostic(.environVersion, "wsgi.version is (\(major), \(minor)), not (1, 0)."))
    }
    if let scheme = seen.scheme, scheme != "http", scheme != "https" {
      found.append(Diagnostic(.environURLScheme, "wsgi.url_scheme is \(scheme.quoted), not http or https."))
    }
    if let method = seen.method, !isKnownMethod(method) {
      found.append(Diagnostic(.environRequestMethod, "REQUEST_METHOD \(method.quoted) is not a known HTTP method."))
    }
    let scriptName = seen.scriptName
    let pathInfo = seen.pathInfo
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
    if let length = seen.contentLength, !length.isEmpty, !(isDigits(length) && Int(length) != nil) {
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

  /// An environ key the checks read: whether it is required, what the later checks take from it, and its type.
  struct KeyRole {
    var key: String
    var required: Int?
    var reads: EnvironFacts.Field?
    var type: ExpectedType?
  }

  /// What the checks after the pass need from the environ.
  struct EnvironFacts {
    enum Field {
      case pathInfo, scriptName, version, method, contentLength, scheme, httpContentType, httpContentLength
    }

    var pathInfo = ""
    var scriptName = ""
    var version: EnvironValue?
    var method: String?
    var contentLength: String?
    var scheme: String?
    var hasHTTPContentType = false
    var hasHTTPContentLength = false

    mutating func note(_ field: Field?, _ value: EnvironValue) {
      guard let field else { return }
      var text: String?
      if case .string(let string) = value { text = string }
      switch field {
      case .pathInfo: pathInfo = text ?? ""
      case .scriptName: scriptName = text ?? ""
      case .version: version = value
      case .method: method = text
      case .contentLength: contentLength = text
      case .scheme: scheme = text
      case .httpContentType: hasHTTPContentType = true
      case .httpContentLength: hasHTTPContentLength = true
      }
    }
  }

  /// Every key the checks read, built once from ``requiredKeys``, the fields and the typed `wsgi.*` keys.
  static let keyRoles: [KeyRole] = {
    let fields: [(String, EnvironFacts.Field)] = [
      ("PATH_INFO", .pathInfo), ("SCRIPT_NAME", .scriptName), ("wsgi.version", .version),
      ("REQUEST_METHOD", .method), ("CONTENT_LENGTH", .contentLength), ("wsgi.url_scheme", .scheme),
      ("HTTP_CONTENT_TYPE", .httpContentType), ("HTTP_CONTENT_LENGTH", .httpContentLength),
    ]
    let types: [(String, ExpectedType)] =
      [("wsgi.version", .version), ("wsgi.input", .input), ("wsgi.errors", .errors)] + flagKeys.map { ($0, .flag) }
    var keys: [String] = []
    for key in requiredKeys + fields.map(\.0) + types.map(\.0) where !keys.contains(key) { keys.append(key) }
    return keys.map { key in
      KeyRole(
        key: key, required: requiredKeys.firstIndex(of: key),
        reads: fields.first { $0.0 == key }?.1, type: types.first { $0.0 == key }?.1)
    }
  }()

  /// For each key length below 32 and ASCII first byte, a bit for each of
  /// ``keyRoles`` whose key has both: most keys match none, the rest one or two.
  static let roleCandidateTable: [UInt32] = {
    precondition(keyRoles.count <= 32, "a role is a bit of a UInt32")
    var table = [UInt32](repeating: 0, count: 32 << 7)
    for (index, role) in keyRoles.enumerated() {
      let bytes = Array(role.key.utf8)
      table[bytes.count << 7 | Int(bytes[0])] |= 1 << index
    }
    return table
  }()

  /// The bits of the roles `key` may have (see ``roleCandidateTable``).
  static func roleCandidates(for key: String, in table: [UInt32]) -> UInt32 {
    let utf8 = key.utf8
    let count = utf8.count
    guard count > 0, count < 32 else { return 0 }
    let first = utf8[utf8.startIndex]
    return first < 0x80 ? table[count << 7 | Int(first)] : 0
  }

  private static func checkType(of entry: Environ.Entry, expected: ExpectedType?) -> Diagnostic? {
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
