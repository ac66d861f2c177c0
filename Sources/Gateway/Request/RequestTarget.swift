/// A request target split as a server splits it: the path percent-decoded and
/// read as latin-1 (as PEP 3333 asks of native strings), the query kept raw.
/// Every part is a native string: what was typed, as its UTF-8 bytes read as latin-1.
struct RequestTarget {
  var scheme: String?
  var authority: String?
  var path: String
  var query: String
  var rawPathAndQuery: String

  init(_ target: String) {
    // Two initialisers rather than a `return` from the middle of one: the compiler built
    // that one's value aside, then copied and destroyed it (five strings, a request).
    if Self.isPlainPath(target) {
      self.init(plainPath: target)
    } else {
      self.init(splitting: target)
    }
  }

  /// A target with nothing to split off or decode: its own path.
  private init(plainPath target: String) {
    path = target
    query = ""
    rawPathAndQuery = target
  }

  /// A target split into its scheme, authority, path and query, the path decoded.
  private init(splitting target: String) {
    var rest = Substring(target)
    // Separators are ASCII, so they are found on the UTF-8 bytes, not by comparing Characters.
    if let fragment = rest.utf8.firstIndex(of: UInt8(ascii: "#")) { rest = rest[..<fragment] }
    // Only a target starting with h or H can be absolute: most are a path, and skip the lowercasing.
    if let first = rest.utf8.first, first | 0x20 == UInt8(ascii: "h") {
      for candidate in ["http://", "https://"] where rest.lowercased().hasPrefix(candidate) {
        scheme = String(candidate.dropLast(3))
        rest = rest.dropFirst(candidate.count)
        let end = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        authority = String(rest[..<end]).nativeFromUTF8
        rest = rest[end...]
      }
    }
    rawPathAndQuery = (rest.isEmpty || rest.utf8.first == UInt8(ascii: "?") ? "/" + rest : String(rest)).nativeFromUTF8
    if let mark = rest.utf8.firstIndex(of: UInt8(ascii: "?")) {
      query = String(rest[rest.index(after: mark)...]).nativeFromUTF8
      rest = rest[..<mark]
    } else {
      query = ""
    }
    let decoded = Self.percentDecoded(rest)
    path = decoded.isEmpty ? "/" : decoded
  }

  /// Whether `target` is an ASCII path with nothing to split off or decode (no
  /// `?`, `#` or `%`): most targets, which are then taken as they are.
  private static func isPlainPath(_ target: String) -> Bool {
    target.withUTF8Bytes { bytes in
      bytes.first == UInt8(ascii: "/")
        && !bytes.contains {
          $0 >= 0x80 || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "%")
        }
    }
  }

  /// Decodes `%XX` escapes to bytes, then reads the bytes as latin-1, as wsgiref does.
  static func percentDecoded(_ text: Substring) -> String {
    // Plain ASCII without escapes reads the same as latin-1: the usual path, kept as it is.
    if text.utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "%") }) { return String(text) }
    var bytes: [UInt8] = []
    let utf8 = Array(text.utf8)
    var index = 0
    while index < utf8.count {
      if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count,
        let high = hexValue(utf8[index + 1]), let low = hexValue(utf8[index + 2])
      {
        bytes.append(high << 4 | low)
        index += 3
      } else {
        bytes.append(utf8[index])
        index += 1
      }
    }
    // A byte's stand-in (a redirect to where an app's Location pointed) is the byte the app sent.
    return bytes.withUnsafeBufferPointer { String(nativeOfUTF8: $0) }
  }

  /// `SERVER_NAME` and `SERVER_PORT` for the scheme the request is served with: a server
  /// reached at an absolute target's host and port reports those (as gunicorn does, and as
  /// a pasted curl command sets them), otherwise the defaults of wsgiref's testing server.
  func server(scheme: String) -> (name: String, port: String) {
    let defaultPort = scheme == "https" ? "443" : "80"
    guard let authority, !authority.isEmpty else {
      return (Request.defaultServerName, defaultPort)
    }
    let parts = Authority(Substring(authority))
    // A port that is not a number names no port a server could listen on: the scheme's own.
    return (String(parts.host), parts.hasNumericPort ? String(parts.port!) : defaultPort)
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
  }
}
