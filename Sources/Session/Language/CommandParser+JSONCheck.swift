import JSON

/// The comparisons of `expect json PATH ...`.
extension CommandParser {
  static let jsonOperators = "one of == != < <= > >= ~ !~ absent present, or 'count == N'"
  static let jsonOperatorWords = ["==", "!=", "<", "<=", ">", ">=", "~", "!~", "absent", "present", "count"]

  mutating func parseJSONCheck() throws(SessionError) -> JSONCheck {
    cursor.skipSpaces()
    let before = cursor
    let operation = try requireWord("\(Self.jsonOperators) after the path")
    switch operation {
    case "absent", "present":
      try end()
      return operation == "absent" ? .absent : .present
    case "~":
      return .matches(try pattern())
    case "!~":
      return .notMatches(try pattern())
    case "count":
      cursor.skipSpaces()
      let comparisonStart = cursor
      let word = try requireWord("one of == != < <= > >= after 'count'")
      guard let comparison = JSONComparison(rawValue: word) else {
        cursor = comparisonStart
        throw unexpected(
          word, "one of == != < <= > >= after 'count'", among: JSONComparison.allCases.map(\.rawValue),
          after: "count")
      }
      cursor.skipSpaces()
      let numberStart = cursor
      let text = try requireWord("a number of nodes, as in 'count == 3'")
      guard let number = Int(text), number >= 0 else {
        cursor = numberStart
        throw .expected("a number of nodes, as in 'count == 3'", found: text, here)
      }
      try end()
      return .count(comparison, number)
    case "==", "!=", "<", "<=", ">", ">=":
      cursor.skipSpaces()
      let valueStart = cursor
      let text = cursor.rest()
      guard !text.isEmpty else { throw expected("a JSON value, such as 42, \"text\", true or null") }
      let template = Template(text)
      if !template.hasVariables {
        do {
          _ = try JSONValue(parsing: text)
        } catch {
          var at = location
          at.column = valueStart.column
          throw .badJSON(text, error, SourceLine(at, line: line))
        }
      }
      switch operation {
      case "==": return .equals(template)
      case "!=": return .notEquals(template)
      default: return .ordered(JSONOrder(rawValue: operation)!, template)
      }
    default:
      cursor = before
      throw unexpected(operation, Self.jsonOperators, among: Self.jsonOperatorWords, after: nil)
    }
  }
}
