import JSON

/// The `ignore json`, `ignore body` and `ignore errors` rules in force, ready to apply: what a
/// recording leaves out and a comparison skips.
///
/// An ignored part is replaced by ``placeholder`` on both sides of a comparison, so a body
/// recorded with the placeholder (or with the value of an earlier run) matches one with any
/// value there; a pattern with a group replaces only the group, so the text around it is
/// still checked.
struct IgnoreMask {
  /// What an ignored part is recorded and compared as.
  static let placeholder = "<ignored>"

  var json: [JSONPath] = []
  var body: [Regex<AnyRegexOutput>] = []
  var errors: [Regex<AnyRegexOutput>] = []

  /// Whether a body is compared and recorded as it is.
  var leavesBodyAlone: Bool { json.isEmpty && body.isEmpty }

  /// `text` with each match of the patterns replaced by the placeholder: its first group when it has one.
  static func masked(_ text: String, _ patterns: [Regex<AnyRegexOutput>]) -> String {
    var text = text
    for pattern in patterns {
      var result = ""
      var last = text.startIndex
      for match in text.matches(of: pattern) {
        let range = match.output.count > 1 ? (match.output[1].range ?? match.range) : match.range
        // An empty match (a pattern such as `x*`) leaves out nothing.
        guard !range.isEmpty, range.lowerBound >= last else { continue }
        result += text[last..<range.lowerBound]
        result += placeholder
        last = range.upperBound
      }
      result += text[last...]
      text = result
    }
    return text
  }

  /// The document with each node an `ignore json` path selects replaced by the placeholder; `nil` when none is.
  func maskedJSON(_ document: JSONValue) -> JSONValue? {
    var masked = document
    var changed = false
    for path in json {
      for node in path.nodes(in: masked) {
        masked = masked.replacing(at: node.location[...], with: .string(Self.placeholder))
        changed = true
      }
    }
    return changed ? masked : nil
  }

  /// Expected and actual bodies as `expect body` compares them: `ignore body` matches masked in both,
  /// and with `ignore json` rules in force two JSON bodies as JSON, printed the same way, their
  /// ignored nodes masked (so spacing no longer counts, member order and values still do).
  func comparable(expected: String, actual: String) -> (expected: String, actual: String) {
    var expected = Self.masked(expected, body)
    var actual = Self.masked(actual, body)
    if !json.isEmpty, let expectedValue = try? JSONValue(parsing: expected),
      let actualValue = try? JSONValue(parsing: actual)
    {
      expected = (maskedJSON(expectedValue) ?? expectedValue).prettyText + "\n"
      actual = (maskedJSON(actualValue) ?? actualValue).prettyText + "\n"
    }
    return (expected, actual)
  }

  /// A text body as recorded: matches and ignored JSON nodes replaced by the placeholder.
  func recordedBody(_ text: String) -> String {
    let text = Self.masked(text, body)
    guard !json.isEmpty, let value = try? JSONValue(parsing: text), let masked = maskedJSON(value) else { return text }
    return masked.prettyText + "\n"
  }
}
