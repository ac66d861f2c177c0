/// Secrets inside request text: the values of form fields and JSON members named like a
/// password, token, secret or API key (`password=tea`, `"api_key": "k-123"`), and of the
/// headers that carry credentials. `save --redact` and the shell's history keep them out.
public enum SecretFields {
  /// Headers whose values are always secrets.
  public static let headers = ["authorization", "cookie", "proxy-authorization"]

  /// Whether a field named `name` holds a secret: `password`, `passwd`, `pwd`, `pass`,
  /// `secret`, `token`, `api_key`, `apikey`, `access_key`, `private_key`, or a name
  /// containing one (`client_secret`, `access_token`, `new-password`). A CSRF token is
  /// not one: a form repeats it from the page, and a replay captures a new one.
  public static func isSecret(_ name: String) -> Bool {
    let lowered = name.lowercased().replacingOccurrences(of: "-", with: "_")
    guard !lowered.contains("csrf"), !lowered.contains("xsrf") else { return false }
    if ["pass", "pwd", "pin"].contains(lowered) { return true }
    return ["password", "passwd", "secret", "token", "api_key", "apikey", "access_key", "private_key"].contains {
      lowered.contains($0)
    }
  }

  /// The variable a secret field's value becomes: its name, with anything but letters, digits and `_` as `_`.
  public static func variable(for name: String) -> String {
    let cleaned = String(name.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
    return cleaned.first?.isNumber == false ? cleaned : "_" + cleaned
  }

  /// The secret fields of a body or query string, as written: `name=value` pairs split at `&`
  /// (and at line ends), and JSON members whose value is a string, `"name": "value"`.
  /// - Returns: Each field's name and its value exactly as it appears in `text`.
  public static func fields(in text: String) -> [(name: String, value: String)] {
    var found: [(name: String, value: String)] = []
    for match in text.matches(of: formField) where isSecret(String(match.output.1)) {
      let value = String(match.output.2)
      if !value.isEmpty { found.append((String(match.output.1), value)) }
    }
    for match in text.matches(of: jsonMember) where isSecret(String(match.output.1)) {
      let value = String(match.output.2)
      if !value.isEmpty { found.append((String(match.output.1), value)) }
    }
    return found
  }

  /// `text` with each secret field's value replaced by `{{variable}}`: what the history keeps of a line.
  public static func redacted(_ text: String) -> String {
    var result = text
    for field in fields(in: text) where !field.value.contains("{{") {
      result = result.replacingOccurrences(
        of: field.name + "=" + field.value, with: field.name + "={{" + variable(for: field.name) + "}}")
      for separator in [": ", ":"] {
        result = result.replacingOccurrences(
          of: "\"\(field.name)\"\(separator)\"\(field.value)\"",
          with: "\"\(field.name)\"\(separator)\"{{\(variable(for: field.name))}}\"")
      }
    }
    return result
  }

  /// The line as the shell's history keeps it: a credential header's value, and the
  /// secret fields of a body or of a request line's query, as `{{variables}}`, the way
  /// `save --redact` writes them, so nothing secret is written to the history file.
  /// - Parameter redactedHeaders: Headers marked with `redact header`, secrets too.
  public static func historyLine(_ line: String, redactedHeaders: [String] = []) -> String {
    let trimmed = line.drop { $0 == " " || $0 == "\t" }
    let word = trimmed.prefix { $0 != " " && $0 != "\t" }
    let rest = trimmed.dropFirst(word.count).drop { $0 == " " || $0 == "\t" }
    switch word {
    case "header":
      guard let colon = rest.firstIndex(of: ":") else { return line }
      let name = String(rest[..<colon].trimmingCharacters(in: " \t"))
      let secret = headers + redactedHeaders.map { $0.lowercased() }
      guard secret.contains(name.lowercased()), !rest[rest.index(after: colon)...].contains("{{") else {
        return line
      }
      return "header \(name): {{\(variable(for: name))}}"
    case "auth":
      // `auth basic USER PASSWORD`, `auth bearer TOKEN`: the last word is the secret.
      let words = rest.split(separator: " ", omittingEmptySubsequences: true)
      guard words.count >= 2, !(words.last?.contains("{{") ?? true) else { return line }
      let kind = words[0].lowercased()
      return "auth " + words.dropLast().joined(separator: " ") + " {{" + (kind == "bearer" ? "token" : "password")
        + "}}"
    case "body", "curl":
      return redacted(line)
    default:
      // A request line's query: `GET /login?user=ada&password=tea`.
      guard word.allSatisfy({ $0.isUppercase }), rest.contains("?") else { return line }
      return redacted(line)
    }
  }

  // A field's value runs to the next `&`, line end or space; a name is letters, digits, `_`, `-`, `.`, `[` and `]`.
  private nonisolated(unsafe) static let formField = #/(?:^|[&?\s])([A-Za-z0-9_.\[\]-]+)=([^&\s]*)/#
  private nonisolated(unsafe) static let jsonMember = #/"([A-Za-z0-9_.-]+)"\s*:\s*"((?:[^"\\]|\\.)*)"/#
}
