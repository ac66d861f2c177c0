import Gateway

/// The URL of a curl command, split into what becomes the environ.
extension CurlCommand {
  /// A URL's parts; a URL without a scheme is `http://`, as curl takes it. The authority
  /// names the port only when it is not the scheme's own, as curl's Host header does.
  static func split(
    _ url: String, word: Int
  ) throws(Problem) -> (scheme: String, authority: String, pathAndQuery: String, userinfo: String?) {
    var rest = Substring(url)
    var scheme = "http"
    if let range = rest.firstRange(of: "://") {
      scheme = rest[..<range.lowerBound].lowercased()
      rest = rest[range.upperBound...]
    }
    guard scheme == "http" || scheme == "https" else {
      throw Problem(expected: "an http:// or https:// URL", found: url, word: word)
    }
    if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
    let end = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
    let authority = rest[..<end]
    var pathAndQuery = String(rest[end...])
    if pathAndQuery.hasPrefix("?") || pathAndQuery.isEmpty { pathAndQuery = "/" + pathAndQuery }
    let parts = Authority(authority)
    guard !(parts.host.isEmpty && parts.port == nil) else {
      throw Problem(expected: "a host in the URL", found: url, word: word)
    }
    let host = String(parts.host)
    let defaultPort = scheme == "https" ? "443" : "80"
    var port = defaultPort
    if parts.port != nil {
      guard parts.hasNumericPort else { throw Problem(expected: "a port number in the URL", found: url, word: word) }
      port = String(parts.port!)
    }
    // curl names the port in Host only when it is not the scheme's own.
    let shownAuthority = port == defaultPort ? host : host + ":" + port
    return (scheme, shownAuthority, pathAndQuery, parts.userinfo.map(String.init))
  }
}
