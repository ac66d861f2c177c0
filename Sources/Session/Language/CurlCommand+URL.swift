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
    var authority = rest[..<end]
    var pathAndQuery = String(rest[end...])
    if pathAndQuery.hasPrefix("?") || pathAndQuery.isEmpty { pathAndQuery = "/" + pathAndQuery }
    var userinfo: String?
    if let at = authority.lastIndex(of: "@") {
      userinfo = String(authority[..<at])
      authority = authority[authority.index(after: at)...]
    }
    guard !authority.isEmpty else { throw Problem(expected: "a host in the URL", found: url, word: word) }
    var host = String(authority)
    let defaultPort = scheme == "https" ? "443" : "80"
    var port = defaultPort
    let hostEnd = authority.hasPrefix("[") ? authority.firstIndex(of: "]") ?? authority.endIndex : authority.startIndex
    if let colon = authority[hostEnd...].lastIndex(of: ":") {
      host = String(authority[..<colon])
      port = String(authority[authority.index(after: colon)...])
      guard !port.isEmpty, port.allSatisfy(\.isNumber) else {
        throw Problem(expected: "a port number in the URL", found: url, word: word)
      }
    }
    // curl names the port in Host only when it is not the scheme's own.
    let shownAuthority = port == defaultPort ? host : host + ":" + port
    return (scheme, shownAuthority, pathAndQuery, userinfo)
  }
}
