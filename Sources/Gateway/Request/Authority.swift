/// A URL's authority, `user:password@host:port`, split into its parts: the one reading of it that
/// the environ's server name and port, a redirect's host and a pasted curl command's URL share.
package struct Authority {
  /// What comes before the last `@`, when there is one.
  package var userinfo: Substring?
  /// The host; an IPv6 literal keeps its brackets.
  package var host: Substring
  /// What comes after the port's colon, as written (it may be empty or not a number).
  package var port: Substring?

  package init(_ authority: Substring) {
    var rest = authority
    if let at = rest.lastIndex(of: "@") {
      userinfo = rest[..<at]
      rest = rest[rest.index(after: at)...]
    }
    // An IPv6 literal's colons are inside its brackets; the port's colon comes after them.
    let hostEnd = rest.hasPrefix("[") ? rest.firstIndex(of: "]") ?? rest.endIndex : rest.startIndex
    if let colon = rest[hostEnd...].lastIndex(of: ":") {
      host = rest[..<colon]
      port = rest[rest.index(after: colon)...]
    } else {
      host = rest
    }
  }

  /// Whether the port is written as a number a server could listen on: digits, at least one.
  package var hasNumericPort: Bool {
    guard let port, !port.isEmpty else { return false }
    return port.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
  }
}
