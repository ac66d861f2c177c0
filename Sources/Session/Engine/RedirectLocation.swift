import Gateway

/// Where a redirect's `Location` leads from the request that got it, resolved as a
/// browser resolves it (RFC 3986 §5.2): against the request's own scheme, host and path.
///
/// The loaded apps serve one host: a `Location` on another host (an identity provider's
/// login page, a CDN) is not followed, for sending it to the local app would show that
/// app's answer for a URL it never served.
enum RedirectLocation: Equatable {
  /// The next request's target: a path, or an absolute URL when the request was one.
  case here(target: String)
  /// A URL the apps do not serve, and why, in words.
  case elsewhere(url: String, reason: String)

  init(_ location: String, from request: Request) {
    let origin = Origin(request)
    var reference = Substring(location)
    if let hash = reference.firstIndex(of: "#") { reference = reference[..<hash] }
    if reference.hasPrefix("//") {
      reference = Substring(origin.scheme + ":" + reference)
    }
    if let scheme = Self.scheme(of: reference) {
      guard scheme == "http" || scheme == "https" else {
        self = .elsewhere(url: location, reason: "it is not an http or https URL")
        return
      }
      let rest = reference.dropFirst(scheme.count + 3)
      let end = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
      let host = String(Authority(rest[..<end]).host)
      guard host.lowercased() == origin.host.lowercased() else {
        // A scheme-relative `//host/x` is named whole: `GET //host/x` would be a path.
        self = .elsewhere(url: String(reference), reason: "it leaves \(origin.host) for \(host)")
        return
      }
      let (path, query) = Self.split(rest[end...])
      self = .here(target: scheme + "://" + rest[..<end] + Self.removingDotSegments(path.isEmpty ? "/" : path) + query)
      return
    }
    let (path, query) = Self.split(reference)
    let resolved: String
    if path.hasPrefix("/") {
      resolved = Self.removingDotSegments(path)
    } else if path.isEmpty {
      // A query alone (`?page=2`) keeps the request's path; an empty reference is the request itself.
      resolved = origin.path
    } else {
      // A relative path replaces the last segment of the request's path.
      let directory = origin.path[...(origin.path.lastIndex(of: "/") ?? origin.path.startIndex)]
      resolved = Self.removingDotSegments(directory + path)
    }
    self = .here(target: origin.prefix + resolved + (path.isEmpty && query.isEmpty ? origin.query : String(query)))
  }

  /// A reference's scheme, lowercased: the letters before `:`, when no `/`, `?` comes first.
  private static func scheme(of reference: Substring) -> String? {
    guard let colon = reference.firstIndex(of: ":"), colon != reference.startIndex,
      reference[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }),
      reference.first?.isLetter == true
    else { return nil }
    let scheme = reference[..<colon].lowercased()
    // Only http and https are read as `scheme://authority`; `mailto:x` has no authority.
    if scheme == "http" || scheme == "https" { return reference[colon...].hasPrefix("://") ? scheme : nil }
    return scheme
  }

  private static func split(_ text: Substring) -> (path: Substring, query: Substring) {
    let mark = text.firstIndex(of: "?") ?? text.endIndex
    return (text[..<mark], text[mark...])
  }

  /// RFC 3986 §5.2.4: `.` and `..` segments taken out, as a browser does before it sends the path.
  static func removingDotSegments(_ path: Substring) -> String {
    guard path.contains(".") else { return String(path) }
    var output: [Substring] = []
    let segments = path.split(separator: "/", omittingEmptySubsequences: false)
    for (index, segment) in segments.enumerated() {
      let isLast = index == segments.count - 1
      switch segment {
      case ".":
        if isLast { output.append("") }
      case "..":
        if output.count > 1 { output.removeLast() }
        if isLast { output.append("") }
      default:
        output.append(segment)
      }
    }
    let joined = output.joined(separator: "/")
    return joined.hasPrefix("/") ? joined : "/" + joined
  }
}

/// The scheme, host and path a request was sent to, which a redirect's reference is read against.
private struct Origin {
  /// `https://shop.example:8443` for an absolute target, else empty: the next target is a path too.
  var prefix: String
  var scheme: String
  /// The host the request named: the target's, else its `Host` header's, else gwsh's default.
  var host: String
  var path: String
  var query: String

  init(_ request: Request) {
    var rest = Substring(request.target)
    prefix = ""
    scheme = "http"
    var host: String?
    for candidate in ["http://", "https://"] where rest.lowercased().hasPrefix(candidate) {
      scheme = String(candidate.dropLast(3))
      rest = rest.dropFirst(candidate.count)
      let end = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
      host = String(Authority(rest[..<end]).host)
      prefix = scheme + "://" + rest[..<end]
      rest = rest[end...]
    }
    if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
    let mark = rest.firstIndex(of: "?") ?? rest.endIndex
    path = rest[..<mark].isEmpty ? "/" : String(rest[..<mark])
    query = String(rest[mark...])
    let hostHeader = request.headers.first { $0.name.lowercased() == "host" }?.value
    self.host = host ?? hostHeader.map { String(Authority(Substring($0)).host) } ?? Request.defaultServerName
  }
}
