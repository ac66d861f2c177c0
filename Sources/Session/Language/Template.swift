/// Text that may hold `{{name}}` variables, expanded when the statement runs,
/// so a value captured by an earlier request can be used by a later one.
public struct Template: Sendable, Hashable, CustomStringConvertible {
  /// The text as written.
  public var text: String
  /// Whether `{{...}}` is expanded; a here-document with a quoted terminator (`<<'END'`) keeps it literal.
  public var expands: Bool

  /// Creates a template.
  public init(_ text: String, expands: Bool = true) {
    self.text = text
    self.expands = expands
  }

  public var description: String { text }

  /// Whether the text holds a variable, so checks that need the final text wait until it runs.
  public var hasVariables: Bool { expands && text.containsDoubled("{") && !Self.references(in: text).isEmpty }

  /// The text with each `{{name}}` replaced.
  /// - Parameter lookup: The value of a variable (names such as `token` or `env.HOME`), or `nil` when undefined.
  /// - Throws: ``UndefinedVariable`` for the first variable `lookup` does not know.
  public func expanded(_ lookup: (String) -> String?) throws(UndefinedVariable) -> String {
    guard expands, text.containsDoubled("{") else { return text }
    var result = ""
    var rest = Substring(text)
    for reference in Self.references(in: text) {
      result += rest[..<reference.range.lowerBound]
      guard let value = lookup(reference.name) else { throw UndefinedVariable(name: reference.name) }
      result += value
      rest = rest[reference.range.upperBound...]
    }
    return result + rest
  }

  /// The `{{name}}` references in `text`: a name is letters, digits, `_`, `-` and `.`; spaces inside the braces are allowed.
  static func references(in text: String) -> [(name: String, range: Range<String.Index>)] {
    var found: [(String, Range<String.Index>)] = []
    var searchStart = text.startIndex
    while let open = text[searchStart...].firstRange(of: "{{") {
      guard let close = text[open.upperBound...].firstRange(of: "}}") else { break }
      let name = text[open.upperBound..<close.lowerBound].trimmingCharacters(in: " ")
      if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "_-.".contains($0) }) {
        found.append((String(name), open.lowerBound..<close.upperBound))
        searchStart = close.upperBound
      } else {
        searchStart = open.upperBound
      }
    }
    return found
  }
}

/// A variable a template uses was never defined.
public struct UndefinedVariable: Error, Sendable, Equatable {
  /// The variable's name.
  public var name: String
}

extension StringProtocol {
  func trimmingCharacters(in set: String) -> Substring {
    var slice = Substring(self)
    while let first = slice.first, set.contains(first) { slice.removeFirst() }
    while let last = slice.last, set.contains(last) { slice.removeLast() }
    return slice
  }
}
