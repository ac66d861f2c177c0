import Gateway
import JSON

/// `expect json`: checking what a JSONPath selects in the last JSON body.
extension SessionEngine {
  func checkJSON(
    _ path: JSONPath, _ check: JSONCheck, _ exchange: Exchange, _ context: SourceLine,
    into result: inout ExpectationResult
  ) throws(SessionError) {
    let document: JSONValue
    do {
      document = try self.document(of: exchange)
    } catch {
      result.expected = "a JSON body"
      result.actual = error.description
      return
    }
    let nodes = path.nodes(in: document)
    let found = path.selection(of: nodes)
    result.actual = found.map { "\(path) == \($0)" } ?? "nothing at \(path)"
    switch check {
    case .equals(let template), .notEquals(let template):
      let expected = try jsonLiteral(template, context)
      var equal = found == expected
      if !equal, path.isSingular, nodes.count == 1 {
        equal = equalIgnoring(document, at: nodes[0].location, expected)
      }
      if case .equals = check {
        result.expected = "\(path) == \(expected)"
        result.passed = equal
      } else {
        result.expected = "\(path) != \(expected)"
        result.passed = found != nil && !equal
      }
    case .ordered(let order, let template):
      let expected = try jsonLiteral(template, context)
      result.expected = "\(path) \(order.rawValue) \(expected)"
      let comparison = order.comparison
      switch (found, expected) {
      case (.number(let actual)?, .number(let bound)):
        // Exactly, from the numbers' text: 2^53 and 2^53 + 1 differ.
        let (a, b) = (JSONValue.number(actual), JSONValue.number(bound))
        result.passed = comparison.holds(a.isLess(than: b) ? -1 : (a == b ? 0 : 1), 0)
      case (.string(let actual)?, .string(let bound)):
        result.passed = comparison.holds(actual, bound)
      case (let value?, _):
        result.actual += " (a \(value.typeName), which does not compare with a \(expected.typeName))"
      case (nil, _):
        break
      }
    case .matches(let pattern):
      result.expected = "\(path) ~ \(pattern)"
      let regex = try compile(pattern, context)
      result.passed = found.map { $0.plainText.contains(regex) } ?? false
    case .notMatches(let pattern):
      result.expected = "\(path) !~ \(pattern)"
      let regex = try compile(pattern, context)
      result.passed = found.map { !$0.plainText.contains(regex) } ?? false
    case .absent:
      result.expected = "nothing at \(path)"
      result.passed = found == nil
    case .present:
      result.expected = "a value at \(path)"
      result.passed = found != nil
    case .count(let comparison, let count):
      result.expected = "\(path) count \(comparison.rawValue) \(count)"
      result.actual = "\(nodes.count) node\(nodes.count == 1 ? "" : "s") at \(path)"
      result.passed = comparison.holds(nodes.count, count)
    }
  }

  /// A JSON literal of an expectation, its variables expanded.
  func jsonLiteral(_ template: Template, _ context: SourceLine) throws(SessionError) -> JSONValue {
    let text = try expand(template, context)
    do {
      return try JSONValue(parsing: text)
    } catch {
      throw .badJSON(text, error, context)
    }
  }
}
