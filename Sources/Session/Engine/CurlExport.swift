import Gateway

/// Writes a request as a curl command that sends a real server the same bytes:
/// method, path and query, headers (and none that curl would add of its own),
/// and the body. The command is for any POSIX shell and is printable ASCII:
/// text goes in single quotes, and any other byte is written by `printf`
/// (in `"$(printf '\ooo')"` inside a word, or piped to `--data-binary @-` for a body).
struct CurlExport {
  /// Why a request cannot be written as a command.
  struct Problem: Error {
    var reason: String
  }

  /// A body larger than this is not printed inline; a file body is named instead.
  static let inlineLimit = 1 << 20

  var request: Request
  /// The file the body was read from, when it came from one whole (`body @file`).
  var bodyFile: String?

  /// The command; `baseURL` replaces the scheme, host and port the request had.
  func command(baseURL: String?) throws(Problem) -> String {
    var lines: [String] = []
    var notes: [String] = []
    let (origin, pathAndQuery) = split(request.target)
    let base = baseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? origin
    let url = base + pathAndQuery
    var options: [String] = []
    if url.contains(where: { "[]{}".contains($0) }) { options.append("--globoff") }
    if pathAndQuery.contains("/./") || pathAndQuery.contains("/../") || pathAndQuery.hasSuffix("/..")
      || pathAndQuery.hasSuffix("/.")
    {
      options.append("--path-as-is")
    }
    let count = request.body.count
    switch request.method {
    case "HEAD" where count == 0: options.append("--head")
    case "GET" where count == 0: break
    case "POST" where count > 0: break
    default: options.append("-X " + Self.quoted(request.method))
    }
    var headers = request.headers
    // A Host header the request did not have would name the server the command is sent to.
    if baseURL != nil { headers.removeAll { $0.name.lowercased() == "host" } }
    let names = Set(headers.map { $0.name.lowercased() })
    for header in headers {
      options.append("-H " + Self.quoted(header.value.isEmpty ? header.name + ";" : header.name + ": " + header.value))
    }
    // curl adds these of its own; the request had none, so neither does the command.
    if !names.contains("user-agent") { options.append("-H 'User-Agent:'") }
    if !names.contains("accept") { options.append("-H 'Accept:'") }
    if count > 0 {
      if !names.contains("content-type") { options.append("-H 'Content-Type:'") }
      if count > 1024 { options.append("-H 'Expect:'") }
    }
    var pipe: String?
    if count > 0 {
      if let bodyFile {
        options.append("--data-binary " + Self.quoted("@" + bodyFile))
      } else {
        let bytes = try bodyBytes()
        if bytes.allSatisfy({ $0 == 0x0A || (0x20...0x7E).contains($0) }), bytes.first != UInt8(ascii: "@") {
          options.append("--data-binary " + Self.singleQuoted(String(decoding: bytes, as: UTF8.self)))
        } else {
          pipe = "printf " + Self.printfFormat(bytes)
          options.append("--data-binary @-")
        }
      }
    }
    for override in request.overrides where !["SERVER_NAME", "SERVER_PORT"].contains(override.key) {
      notes.append("# not sent over HTTP: the raw environ entry \(override.key)")
    }
    lines = notes
    let curl = (["curl " + Self.quoted(url)] + options).joined(separator: " \\\n  ")
    lines.append(pipe.map { $0 + " | " + curl } ?? curl)
    return lines.joined(separator: "\n") + "\n"
  }

  /// The scheme and authority of a target (`http://127.0.0.1` for a path), and its path and query.
  func split(_ target: String) -> (origin: String, pathAndQuery: String) {
    var pathAndQuery = target
    var scheme = "http"
    var authority: String?
    for prefix in ["http://", "https://"] where target.lowercased().hasPrefix(prefix) {
      scheme = String(prefix.dropLast(3))
      let rest = target.dropFirst(prefix.count)
      let end = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
      authority = String(rest[..<end])
      pathAndQuery = String(rest[end...])
    }
    if pathAndQuery.isEmpty || pathAndQuery.hasPrefix("?") { pathAndQuery = "/" + pathAndQuery }
    if let hash = pathAndQuery.firstIndex(of: "#") { pathAndQuery = String(pathAndQuery[..<hash]) }
    if case .string(let value)? = request.overrides.last(where: { $0.key == "wsgi.url_scheme" })?.value {
      scheme = value
    }
    let host = authority ?? request.headers.first { $0.name.lowercased() == "host" }?.value ?? Request.defaultServerName
    return (scheme + "://" + host, pathAndQuery)
  }

  func bodyBytes() throws(Problem) -> [UInt8] {
    switch request.body {
    case .bytes(let bytes): return bytes
    case .stream(let count, let open):
      guard count <= Self.inlineLimit else {
        throw Problem(
          reason:
            "the body (\(count) bytes, not from one file) is too large to print; send it from a file with body @FILE")
      }
      do {
        var source = try open()
        var bytes: [UInt8] = []
        while bytes.count < count {
          let piece = try source.read(upTo: count - bytes.count)
          if piece.isEmpty { break }
          bytes += piece
        }
        return bytes
      } catch {
        throw Problem(reason: "the body could not be read again: \(error)")
      }
    }
  }

  /// A word for a POSIX shell, printable ASCII only: text in single quotes, other bytes from printf.
  static func quoted(_ text: String) -> String {
    // The bytes the request sent: its text's UTF-8, a byte an app sent that is not UTF-8 (a
    // cookie the jar returns) as that byte.
    let bytes = text.nativeFromUTF8.nativeBytes ?? Array(text.utf8)
    if !bytes.isEmpty, bytes.allSatisfy(isBare) { return text }
    var word = ""
    var plain: [UInt8] = []
    var special: [UInt8] = []
    func flushPlain() {
      if !plain.isEmpty { word += singleQuoted(String(decoding: plain, as: UTF8.self)) }
      plain = []
    }
    func flushSpecial() {
      if !special.isEmpty { word += "\"$(printf " + printfFormat(special) + ")\"" }
      special = []
    }
    for byte in bytes {
      if (0x20...0x7E).contains(byte) {
        flushSpecial()
        plain.append(byte)
      } else {
        flushPlain()
        special.append(byte)
      }
    }
    flushPlain()
    flushSpecial()
    return word.isEmpty ? "''" : word
  }

  /// Whether a byte needs no quoting in a POSIX shell word.
  static func isBare(_ byte: UInt8) -> Bool {
    byte &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "A") < 26 || byte &- UInt8(ascii: "0") < 10
      || "-_./:=@,+%".utf8.contains(byte)
  }

  /// Text in single quotes, a `'` in it written `'\''`.
  static func singleQuoted(_ text: String) -> String {
    "'" + text.replacing("'", with: "'\\''") + "'"
  }

  /// A printf format writing exactly `bytes`: printable ASCII as it is (`%` and `\` doubled), the rest as octal.
  static func printfFormat(_ bytes: [UInt8]) -> String {
    var format = ""
    for (index, byte) in bytes.enumerated() {
      // A format starting with '-' could read as an option.
      if index == 0, byte == UInt8(ascii: "-") {
        format += "\\055"
        continue
      }
      switch byte {
      case UInt8(ascii: "%"): format += "%%"
      case UInt8(ascii: "\\"): format += "\\\\"
      case 0x20...0x7E: format.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        let octal = String(byte, radix: 8)
        format += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
      }
    }
    return singleQuoted(format)
  }
}
