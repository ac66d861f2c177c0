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
    (formFields(in: text) + jsonMembers(in: text)).filter { isSecret($0.name) && !$0.value.isEmpty }
  }

  /// `text` with each secret field's value replaced by `{{variable}}`: what the history keeps of a line.
  public static func redacted(_ text: String) -> String {
    redacted(text) { name, _ in variable(for: name) }
  }

  /// `text` with each secret field's value replaced by `{{variable}}`, the variable `naming` gives
  /// the field's name and value.
  static func redacted(_ text: String, naming: (_ name: String, _ value: String) -> String) -> String {
    var result = text
    for field in fields(in: text) where !field.value.contains("{{") {
      let variable = naming(field.name, field.value)
      result = result.replacingOccurrences(
        of: field.name + "=" + field.value, with: field.name + "={{" + variable + "}}")
      for separator in [": ", ":"] {
        result = result.replacingOccurrences(
          of: "\"\(field.name)\"\(separator)\"\(field.value)\"",
          with: "\"\(field.name)\"\(separator)\"{{\(variable)}}\"")
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

  // The two matchers below read Unicode scalars, as JSON's grammar does: a combining mark after a
  // quote does not hide the quote. Two small loops, rather than two `Regex`es, which the runtime
  // compiles into a program it keeps for the life of the process.

  /// The `name=value` pairs of `text`: a name of letters, digits, `_`, `.`, `-`, `[` and `]`, at the
  /// start or after `&`, `?` or whitespace, then `=` and a value that runs to the next `&` or whitespace.
  private static func formFields(in text: String) -> [(name: String, value: String)] {
    let scalars = text.unicodeScalars
    var found: [(name: String, value: String)] = []
    var index = scalars.startIndex
    // The start of the text counts as a separator.
    var afterSeparator = true
    while index < scalars.endIndex {
      guard afterSeparator, isFormNameScalar(scalars[index]) else {
        afterSeparator = isFormSeparator(scalars[index])
        scalars.formIndex(after: &index)
        continue
      }
      let nameStart = index
      while index < scalars.endIndex, isFormNameScalar(scalars[index]) { scalars.formIndex(after: &index) }
      afterSeparator = false
      guard index < scalars.endIndex, scalars[index] == "=" else { continue }
      let nameEnd = index
      scalars.formIndex(after: &index)
      let valueStart = index
      while index < scalars.endIndex, scalars[index] != "&", !scalars[index].properties.isWhitespace {
        scalars.formIndex(after: &index)
      }
      found.append((String(scalars[nameStart..<nameEnd]), String(scalars[valueStart..<index])))
    }
    return found
  }

  /// The JSON members of `text` whose value is a string: `"name"`, whitespace, `:`, whitespace, then
  /// a string to its closing quote (a backslash escapes the next scalar, but not a line break).
  /// A name is letters, digits, `_`, `.` and `-`.
  private static func jsonMembers(in text: String) -> [(name: String, value: String)] {
    let scalars = text.unicodeScalars
    var found: [(name: String, value: String)] = []
    var index = scalars.startIndex
    while index < scalars.endIndex {
      if scalars[index] == "\"", let member = jsonMember(in: scalars, at: index) {
        found.append((member.name, member.value))
        index = member.end
      } else {
        scalars.formIndex(after: &index)
      }
    }
    return found
  }

  /// The member whose name's opening quote is at `quote`, and the index just past its value's closing quote.
  private static func jsonMember(
    in scalars: String.UnicodeScalarView, at quote: String.Index
  ) -> (name: String, value: String, end: String.Index)? {
    let end = scalars.endIndex
    var index = scalars.index(after: quote)
    let nameStart = index
    while index < end, isJSONNameScalar(scalars[index]) { scalars.formIndex(after: &index) }
    guard index > nameStart, index < end, scalars[index] == "\"" else { return nil }
    let nameEnd = index
    scalars.formIndex(after: &index)
    while index < end, scalars[index].properties.isWhitespace { scalars.formIndex(after: &index) }
    guard index < end, scalars[index] == ":" else { return nil }
    scalars.formIndex(after: &index)
    while index < end, scalars[index].properties.isWhitespace { scalars.formIndex(after: &index) }
    guard index < end, scalars[index] == "\"" else { return nil }
    scalars.formIndex(after: &index)
    let valueStart = index
    while index < end {
      switch scalars[index] {
      case "\"":
        return (String(scalars[nameStart..<nameEnd]), String(scalars[valueStart..<index]), scalars.index(after: index))
      case "\\":
        scalars.formIndex(after: &index)
        guard index < end, !isLineBreak(scalars[index]) else { return nil }
        scalars.formIndex(after: &index)
      default:
        scalars.formIndex(after: &index)
      }
    }
    return nil
  }

  private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
    ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
  }

  private static func isFormNameScalar(_ scalar: Unicode.Scalar) -> Bool {
    isASCIIAlphanumeric(scalar) || "_.-[]".unicodeScalars.contains(scalar)
  }

  private static func isFormSeparator(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "&" || scalar == "?" || scalar.properties.isWhitespace
  }

  private static func isJSONNameScalar(_ scalar: Unicode.Scalar) -> Bool {
    isASCIIAlphanumeric(scalar) || scalar == "_" || scalar == "." || scalar == "-"
  }

  /// What ends a line (`Character.isNewline`'s scalars).
  private static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
    (0x0A...0x0D).contains(scalar.value) || scalar.value == 0x85 || scalar.value == 0x2028 || scalar.value == 0x2029
  }
}
