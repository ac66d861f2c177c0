import JSON

/// What `expect` checks.
public enum Expectation: Sendable, Equatable {
  /// `expect status 200 [Reason]`.
  case status(code: Int, reason: String?)
  /// `expect header Name: value`, `~ regex`, `!~ regex`, `absent`, `present`.
  case header(name: String, check: TextCheck)
  /// `expect body <<END`, `"text"`, `base64 <<END`, `@file`, `~ regex`, `!~ regex`, `size N`, `sha256 HEX`.
  case body(BodyCheck)
  /// `expect json PATH == VALUE`, `!=`, `<`, `<=`, `>`, `>=`, `~ regex`, `!~ regex`, `absent`, `present`, `count == N`.
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

/// A check on what a JSONPath selects: one node is itself, several compare as a JSON array of them in
/// document order, and none is absent.
public enum JSONCheck: Sendable, Equatable {
  /// Equal to the JSON literal.
  case equals(Template)
  /// Not equal to the JSON literal (and something is there).
  case notEquals(Template)
  /// `<`, `<=`, `>`, `>=` against the JSON literal: numbers by value, strings by their characters.
  case ordered(JSONOrder, Template)
  /// The value (a string without its quotes, anything else as compact JSON) holds a match.
  case matches(Pattern)
  /// The value holds no match.
  case notMatches(Pattern)
  /// Nothing at the path.
  case absent
  /// Something at the path.
  case present
  /// `count OP N`: the number of nodes the path selects.
  case count(JSONComparison, Int)
}

/// An ordering comparison of `expect json PATH OP VALUE`.
public enum JSONOrder: String, Sendable, Equatable, CaseIterable {
  /// `<`
  case less = "<"
  /// `<=`
  case lessOrEqual = "<="
  /// `>`
  case greater = ">"
  /// `>=`
  case greaterOrEqual = ">="

  /// The same comparison, to apply.
  var comparison: JSONComparison { JSONComparison(rawValue: rawValue) ?? .equal }
}

/// Any comparison of `expect json PATH count OP N`.
public enum JSONComparison: String, Sendable, Equatable, CaseIterable {
  /// `==`
  case equal = "=="
  /// `!=`
  case notEqual = "!="
  /// `<`
  case less = "<"
  /// `<=`
  case lessOrEqual = "<="
  /// `>`
  case greater = ">"
  /// `>=`
  case greaterOrEqual = ">="

  /// Whether `lhs OP rhs` holds.
  func holds<T: Comparable>(_ lhs: T, _ rhs: T) -> Bool {
    switch self {
    case .equal: return lhs == rhs
    case .notEqual: return lhs != rhs
    case .less: return lhs < rhs
    case .lessOrEqual: return lhs <= rhs
    case .greater: return lhs > rhs
    case .greaterOrEqual: return lhs >= rhs
    }
  }
}

/// A value that changes on every run, which recordings leave out and comparisons skip.
public enum IgnoreRule: Sendable, Equatable {
  /// `ignore header Name`: recorded and compared by presence only.
  case header(String)
  /// `ignore json PATH`: the nodes the path selects in a JSON body.
  case json(JSONPath)
  /// `ignore body ~ regex`: each match in the body (its first group when it has one).
  case body(Pattern)
  /// `ignore errors ~ regex`: each match in the errors output (its first group when it has one).
  case errors(Pattern)
}
