/// The curl options gwsh knows: those that shape the request, and those that
/// only matter on a network, accepted with a note.
extension CurlCommand {
  /// What an option does to the request.
  enum Option: Equatable {
    case request, header, url, get, head, cookie, user, userAgent, referer, range, location, compressed, json
    case formString
    case data(DataMode)
    case form
    /// Matters only on a network (TLS, timeouts, output, progress); `takesValue` says whether a value follows.
    case network(takesValue: Bool)

    var takesValue: Bool {
      switch self {
      case .get, .head, .location, .compressed: return false
      case .network(let takesValue): return takesValue
      default: return true
      }
    }
  }

  /// How a `-d`-like option reads its value.
  enum DataMode: Equatable {
    /// `-d`, `--data`, `--data-ascii`: `@file` is read with its line ends removed.
    case ascii
    /// `--data-raw`: the value as it is, `@` included.
    case raw
    /// `--data-binary`: `@file` is read as it is.
    case binary
    /// `--data-urlencode`: `content`, `=content`, `name=content`, `@file`, `name@file`, URL-encoded.
    case urlencode
  }

  static let longOptions: [String: Option] = [
    "--request": .request, "--header": .header, "--url": .url, "--get": .get, "--head": .head, "--cookie": .cookie,
    "--user": .user, "--user-agent": .userAgent, "--referer": .referer, "--range": .range, "--location": .location,
    "--compressed": .compressed, "--json": .json, "--form": .form, "--form-string": .formString,
    "--data": .data(.ascii), "--data-ascii": .data(.ascii), "--data-raw": .data(.raw),
    "--data-binary": .data(.binary), "--data-urlencode": .data(.urlencode),
    // Only a network makes these mean anything: accepted, with a note.
    "--silent": .network(takesValue: false), "--show-error": .network(takesValue: false),
    "--verbose": .network(takesValue: false), "--insecure": .network(takesValue: false),
    "--http1.0": .network(takesValue: false), "--http1.1": .network(takesValue: false),
    "--http2": .network(takesValue: false), "--http2-prior-knowledge": .network(takesValue: false),
    "--http3": .network(takesValue: false), "--include": .network(takesValue: false),
    "--fail": .network(takesValue: false), "--fail-with-body": .network(takesValue: false),
    "--no-progress-meter": .network(takesValue: false), "--progress-bar": .network(takesValue: false),
    "--no-buffer": .network(takesValue: false), "--remote-name": .network(takesValue: false),
    "--globoff": .network(takesValue: false), "--path-as-is": .network(takesValue: false),
    "--ipv4": .network(takesValue: false), "--ipv6": .network(takesValue: false),
    "--tcp-nodelay": .network(takesValue: false), "--raw": .network(takesValue: false),
    "--tlsv1.2": .network(takesValue: false), "--tlsv1.3": .network(takesValue: false),
    "--ssl-no-revoke": .network(takesValue: false), "--basic": .network(takesValue: false),
    "--connect-timeout": .network(takesValue: true), "--max-time": .network(takesValue: true),
    "--output": .network(takesValue: true), "--retry": .network(takesValue: true),
    "--retry-delay": .network(takesValue: true), "--proxy": .network(takesValue: true),
    "--cacert": .network(takesValue: true), "--capath": .network(takesValue: true),
    "--cert": .network(takesValue: true), "--key": .network(takesValue: true),
    "--resolve": .network(takesValue: true), "--connect-to": .network(takesValue: true),
    "--limit-rate": .network(takesValue: true), "--write-out": .network(takesValue: true),
    "--dump-header": .network(takesValue: true), "--cookie-jar": .network(takesValue: true),
    "--max-redirs": .network(takesValue: true), "--interface": .network(takesValue: true),
    "--trace": .network(takesValue: true), "--trace-ascii": .network(takesValue: true),
    "--stderr": .network(takesValue: true), "--keepalive-time": .network(takesValue: true),
  ]

  static let shortOptions: [Character: Option] = [
    "X": .request, "H": .header, "G": .get, "I": .head, "b": .cookie, "u": .user, "A": .userAgent, "e": .referer,
    "r": .range, "L": .location, "d": .data(.ascii), "F": .form,
    "s": .network(takesValue: false), "S": .network(takesValue: false), "v": .network(takesValue: false),
    "k": .network(takesValue: false), "i": .network(takesValue: false), "f": .network(takesValue: false),
    "N": .network(takesValue: false), "O": .network(takesValue: false), "g": .network(takesValue: false),
    "#": .network(takesValue: false), "4": .network(takesValue: false), "6": .network(takesValue: false),
    "o": .network(takesValue: true), "m": .network(takesValue: true), "x": .network(takesValue: true),
    "w": .network(takesValue: true), "D": .network(takesValue: true), "c": .network(takesValue: true),
    "E": .network(takesValue: true),
  ]
}
