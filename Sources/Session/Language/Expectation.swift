import JSON

/// What `expect` checks.
public enum Expectation: Sendable, Equatable {
  /// `expect status 200 [Reason]`.
  case status(code: Int, reason: String?)
  /// `expect header Name: value`, `~ regex`, `!~ regex`, `absent`, `present`.
  case header(name: String, check: TextCheck)
  /// `expect body <<END`, `"text"`, `base64 <<END`, `@file`, `~ regex`, `!~ regex`, `size N`, `sha256 HEX`.
  case body(BodyCheck)
  /// `expect json PATH == VALUE`, `!= VALUE`, `~ regex`, `!~ regex`, `absent`, `present`.
  case json(path: JSONPath, check: JSONCheck)
  /// `expect errors <<END`, `~ regex`, `!~ regex`, `empty`.
  case errors(TextCheck)
  /// `expect diagnostic ID [absent]`: the validator did (or did not) report the rule.
  case diagnostic(id: String, present: Bool)
  /// `expect chunks N`: the body arrived in this many chunks, for a streamed response.
  case chunks(Int)
}

/// A check on a piece of text.
public enum TextCheck: Sendable, Equatable {
  /// Equal to the text.
  case equals(Template)
  /// Holds a match of the pattern.
  case matches(Pattern)
  /// Holds no match of the pattern.
  case notMatches(Pattern)
  /// There is none (a header) or it is empty (the errors output).
  case absent
  /// There is one.
  case present
}

/// A check on the response body.
public enum BodyCheck: Sendable, Equatable {
  /// Equal, byte for byte.
  case equals(BodySource)
  /// Holds a match of the pattern.
  case matches(Pattern)
  /// Holds no match of the pattern.
  case notMatches(Pattern)
  /// Exactly this many bytes.
  case size(Int)
  /// This SHA-256, in hex: how a body too large to record is recorded.
  case sha256(String)
}

/// A check on the value at a JSONPath.
public enum JSONCheck: Sendable, Equatable {
  /// Equal to the JSON literal.
  case equals(Template)
  /// Not equal to the JSON literal.
  case notEquals(Template)
  /// The value (a string without its quotes, anything else as compact JSON) holds a match.
  case matches(Pattern)
  /// The value holds no match.
  case notMatches(Pattern)
  /// Nothing at the path.
  case absent
  /// Something at the path.
  case present
}
