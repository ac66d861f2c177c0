import Gateway

/// A cookie an app set.
public struct Cookie: Sendable, Equatable {
  /// The app that set it; it is sent back only to that app.
  public var appName: String
  /// The name.
  public var name: String
  /// The value.
  public var value: String
  /// The path it applies to (`/` when the app named none).
  public var path: String
  /// When it expires, in seconds since 1970 (from `Max-Age` or `Expires`); `nil` for a
  /// session cookie, kept as long as the session.
  public var expires: Int? = nil
}

/// The cookies apps set, sent back on later requests to the same app, as a browser would.
struct CookieJar {
  private(set) var cookies: [Cookie] = []

  /// Stores the `Set-Cookie` headers of a response at `now` (seconds since 1970); one that has
  /// already expired (`Max-Age=0` or negative, an `Expires` date past) deletes the one it names.
  mutating func store(_ headers: [HeaderField], from appName: String, now: @autoclosure () -> Int) {
    // Nearly every response sets none: look for the name on its bytes before collecting values
    // (or reading the clock).
    guard headers.contains(where: { Self.mayBeSetCookie($0.name) }) else { return }
    let now = now()
    for setCookie in headers.values(named: "Set-Cookie") {
      let parts = setCookie.split(separator: ";", omittingEmptySubsequences: false)
      guard let pair = parts.first, let equals = pair.firstIndex(of: "=") else { continue }
      let name = String(pair[..<equals].trimmingCharacters(in: " \t"))
      guard !name.isEmpty else { continue }
      // Kept as the text the bytes are, which the next request turns back into the same bytes.
      let value = String(pair[pair.index(after: equals)...].trimmingCharacters(in: " \t")).clientText
      var path = "/"
      var maxAge: Int?
      var expires: Int?
      for attribute in parts.dropFirst() {
        let pieces = attribute.split(separator: "=", maxSplits: 1).map { String($0.trimmingCharacters(in: " \t")) }
        switch pieces.first?.lowercased() {
        case "path": if pieces.count == 2, pieces[1].hasPrefix("/") { path = pieces[1] }
        case "max-age": if pieces.count == 2, let seconds = Int(pieces[1]) { maxAge = seconds }
        case "expires": if pieces.count == 2 { expires = CookieDate.secondsSinceEpoch(pieces[1]) }
        default: break
        }
      }
      // Max-Age wins over Expires (RFC 6265, 5.3); neither makes a session cookie.
      let expiry = maxAge.map { $0 <= 0 ? Int.min : now + $0 } ?? expires
      cookies.removeAll { $0.appName == appName && $0.name == name && $0.path == path }
      if expiry.map({ $0 > now }) ?? true {
        cookies.append(Cookie(appName: appName, name: name, value: value, path: path, expires: expiry))
      }
    }
  }

  /// Whether a header name may be `Set-Cookie` in any case, as `values(named:)`
  /// compares names: by their lowercase forms, so an ASCII name in any case (ten
  /// bytes) or one with the Kelvin sign for its `k` (twelve bytes: U+212A is the
  /// only non-ASCII scalar whose lowercase is ASCII). Any other length cannot be it.
  static func mayBeSetCookie(_ name: String) -> Bool {
    switch name.utf8.count {
    case 10:
      var name = name  // withUTF8 reads a native string in place; it is mutating only to make a bridged one contiguous.
      return name.withUTF8 { bytes in
        // ASCII letters match case-insensitively with their 0x20 bit set; '-' has it already.
        ("set-cookie" as StaticString).withUTF8Buffer { $0.elementsEqual(bytes.lazy.map { $0 | 0x20 }) }
          || bytes.contains { $0 >= 0x80 }
      }
    case 12:
      var name = name
      // On the string's own buffer: `Content-Type`, in nearly every response, is twelve bytes,
      // and reading them through the generic byte view cost more than the rest of this check.
      return name.withUTF8 { bytes in bytes.contains { $0 >= 0x80 } }
    default: return false
    }
  }

  /// The `Cookie` header value for a request to `appName` at `path` at `now` (seconds since 1970),
  /// or `nil` when no cookie applies; a cookie past its expiry is not sent.
  func header(for appName: String, path: String, now: Int) -> String? {
    let matching = cookies.filter { cookie in
      cookie.appName == appName && cookie.expires.map({ $0 > now }) ?? true
        && (cookie.path == "/" || path == cookie.path
          || path.hasPrefix(cookie.path.hasSuffix("/") ? cookie.path : cookie.path + "/"))
    }
    // Longer paths first, as RFC 6265 orders them.
    let sorted = matching.enumerated().sorted {
      ($0.element.path.count, -$0.offset) > ($1.element.path.count, -$1.offset)
    }
    guard !sorted.isEmpty else { return nil }
    return sorted.map { "\($0.element.name)=\($0.element.value)" }.joined(separator: "; ")
  }

  mutating func clear() { cookies.removeAll() }
}
