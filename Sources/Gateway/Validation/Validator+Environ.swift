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
    var present = 0  // a bit per required key
    var seen = EnvironFacts()
    var misfits: [Int] = []  // entries that may break a type or latin-1 rule: rare, diagnosed after the pass
    // Read once: each use of a static inside the loop would check its initialisation again.
    let keys = roleKeys
    let roles = keyRoles
    let table = roleCandidateTable
    // Entries are read in place: a copy of each would retain its key and value.
    environ.entries.withUnsafeBufferPointer { entries in
      for index in entries.indices {
        var roleIndex: Int?
        var candidates = roleCandidates(for: entries[index].key, in: table)
        while candidates != 0 {
          let candidate = candidates.trailingZeroBitCount
          if keys[candidate] == entries[index].key {
            roleIndex = candidate
            break
          }
          candidates &= candidates - 1
        }
        guard let roleIndex else {
          // Nearly every entry: a CGI variable holding latin-1 text.
          if !entries[index].value.fits(nil) { misfits.append(index) }
          continue
        }
        let role = roles[roleIndex]
        if let required = role.required { present |= 1 << required }
        if let field = role.reads { seen.note(field, at: index) }
        if !entries[index].value.fits(role.type) { misfits.append(index) }
      }
    }
    var typeProblems: [Diagnostic] = []
    for index in misfits {
      let entry = environ.entries[index]
      let type = roleKeys.firstIndex(of: entry.key).flatMap { keyRoles[$0].type }
      if let problem = checkType(of: entry, expected: type) { typeProblems.append(problem) }
    }
    var found: [Diagnostic] = []
    for (index, key) in requiredKeys.enumerated() where present & (1 << index) == 0 {
      found.append(Diagnostic(.environMissingKey, "The environ has no \(key)."))
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

  /// What an environ key means to the checks: whether it is required, what the
  /// later checks take from it, and its type (the key itself is in ``roleKeys``).
  struct KeyRole {
    var required: Int?
    var reads: EnvironFacts.Field?
    var type: ExpectedType?
  }

  /// Where the entries the checks after the pass read are: indices into the environ's entries.
  struct EnvironFacts {
    enum Field {
      case pathInfo, scriptName, version, method, contentLength, scheme, httpContentType, httpContentLength
    }

    var pathInfo: Int?
    var scriptName: Int?
    var version: Int?
    var method: Int?
    var contentLength: Int?
    var scheme: Int?
    var httpContentType: Int?
    var httpContentLength: Int?

    mutating func note(_ field: Field, at index: Int) {
      switch field {
      case .pathInfo: pathInfo = index
      case .scriptName: scriptName = index
      case .version: version = index
      case .method: method = index
      case .contentLength: contentLength = index
      case .scheme: scheme = index
      case .httpContentType: httpContentType = index
      case .httpContentLength: httpContentLength = index
      }
    }
  }

  /// Every key the checks read, built once from ``requiredKeys``, the fields and the typed `wsgi.*` keys.
  static let roleKeys: [String] = {
    var keys: [String] = []
    for key in requiredKeys + readFields.map(\.0) + types.map(\.0) where !keys.contains(key) { keys.append(key) }
    return keys
  }()

  /// The role of each of ``roleKeys``, at the same index.
  static let keyRoles: [KeyRole] = roleKeys.map { key in
    KeyRole(
      required: requiredKeys.firstIndex(of: key), reads: readFields.first { $0.0 == key }?.1,
      type: types.first { $0.0 == key }?.1)
  }

  private static let readFields: [(String, EnvironFacts.Field)] = [
    ("PATH_INFO", .pathInfo), ("SCRIPT_NAME", .scriptName), ("wsgi.version", .version),
    ("REQUEST_METHOD", .method), ("CONTENT_LENGTH", .contentLength), ("wsgi.url_scheme", .scheme),
    ("HTTP_CONTENT_TYPE", .httpContentType), ("HTTP_CONTENT_LENGTH", .httpContentLength),
  ]

  private static let types: [(String, ExpectedType)] =
    [("wsgi.version", .version), ("wsgi.input", .input), ("wsgi.errors", .errors)] + flagKeys.map { ($0, .flag) }

  /// For each key length below 32 and ASCII first byte, a bit for each of
  /// ``keyRoles`` whose key has both: most keys match none, the rest one or two.
  static let roleCandidateTable: [UInt32] = {
    precondition(roleKeys.count <= 32, "a role is a bit of a UInt32")
    var table = [UInt32](repeating: 0, count: 32 << 7)
    for (index, key) in roleKeys.enumerated() {
      let bytes = Array(key.utf8)
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
