/// An environ key the gateway's checks read.
///
/// Every entry knows whether its key is one of these from the moment it is
/// added, and a server names its own keys directly, so the check that runs on
/// every dispatch reads what each entry is instead of looking its key up.
enum EnvironKey: Int, CaseIterable {
  // The keys an environ must hold come first, in the order `wsgiref.validate` reports them missing.
  case requestMethod, serverName, serverPort, wsgiVersion, wsgiInput, wsgiErrors
  case wsgiMultithread, wsgiMultiprocess, wsgiRunOnce
  case pathInfo, scriptName, contentLength, wsgiURLScheme, httpContentType, httpContentLength

  /// The key as it appears in the environ.
  var name: String {
    switch self {
    case .requestMethod: return "REQUEST_METHOD"
    case .serverName: return "SERVER_NAME"
    case .serverPort: return "SERVER_PORT"
    case .wsgiVersion: return "wsgi.version"
    case .wsgiInput: return "wsgi.input"
    case .wsgiErrors: return "wsgi.errors"
    case .wsgiMultithread: return "wsgi.multithread"
    case .wsgiMultiprocess: return "wsgi.multiprocess"
    case .wsgiRunOnce: return "wsgi.run_once"
    case .pathInfo: return "PATH_INFO"
    case .scriptName: return "SCRIPT_NAME"
    case .contentLength: return "CONTENT_LENGTH"
    case .wsgiURLScheme: return "wsgi.url_scheme"
    case .httpContentType: return "HTTP_CONTENT_TYPE"
    case .httpContentLength: return "HTTP_CONTENT_LENGTH"
    }
  }

  /// Whether an environ must hold this key.
  var isRequired: Bool { rawValue <= Self.wsgiRunOnce.rawValue }

  /// The key named `key`, or `nil` for any other key.
  init?(_ key: String) {
    // The length and first byte rule out nearly every other key before a string is compared.
    let utf8 = key.utf8
    let count = utf8.count
    guard count > 0, count < 32 else { return nil }
    let first = utf8[utf8.startIndex]  // `first` goes through Collection's generic path
    guard first < 0x80 else { return nil }
    var candidates = Self.candidates[count << 7 | Int(first)]
    while candidates != 0 {
      let index = candidates.trailingZeroBitCount
      if Self.allCases[index].name == key {
        self = Self.allCases[index]
        return
      }
      candidates &= candidates - 1
    }
    return nil
  }

  /// For each key length below 32 and ASCII first byte, a bit for each case whose name has both.
  private static let candidates: [UInt32] = {
    var table = [UInt32](repeating: 0, count: 32 << 7)
    for key in allCases {
      let bytes = Array(key.name.utf8)
      table[bytes.count << 7 | Int(bytes[0])] |= 1 << key.rawValue
    }
    return table
  }()
}
