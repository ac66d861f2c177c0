/// The parsed form of a JSONPath, as RFC 9535's grammar names its parts.
extension JSONPath {
  /// `$…` or `@…`: where the query starts and its segments.
  struct Query: Sendable {
    var relative: Bool
    var segments: [Segment]

    /// At most one node: every segment a child segment of one name or index.
    var isSingular: Bool {
      segments.allSatisfy { segment in
        guard case .child(let selectors) = segment, selectors.count == 1 else { return false }
        switch selectors[0] {
        case .name, .index: return true
        default: return false
        }
      }
    }
  }

  enum Segment: Sendable {
    /// `.name`, `.*` or `[…]`: selectors applied to each node.
    case child([Selector])
    /// `..name`, `..*` or `..[…]`: selectors applied to each node and all its descendants.
    case descendant([Selector])
  }

  enum Selector: Sendable {
    case name(String)
    case wildcard
    case index(Int)
    case slice(start: Int?, end: Int?, step: Int?)
    case filter(LogicalExpression)
  }

  /// What a filter tests, true or false for each candidate node.
  indirect enum LogicalExpression: Sendable {
    case or([LogicalExpression])
    case and([LogicalExpression])
    case not(LogicalExpression)
    case comparison(Comparable, ComparisonOperator, Comparable)
    /// A query as a test: true when it selects at least one node.
    case exists(Query)
    /// A function whose result is LogicalType (or NodesType, true when not empty).
    case function(FunctionCall)
  }

  enum ComparisonOperator: String, Sendable, CaseIterable {
    // Two-character operators first, so `<=` is not read as `<`.
    case equal = "=="
    case notEqual = "!="
    case lessOrEqual = "<="
    case greaterOrEqual = ">="
    case less = "<"
    case greater = ">"
  }

  /// One side of a comparison: a value, or Nothing (an empty result).
  enum Comparable: Sendable {
    case literal(JSONValue)
    /// A singular query: its one node, or Nothing.
    case query(Query)
    /// A function whose result is ValueType.
    case function(FunctionCall)
  }

  /// The function extensions RFC 9535 defines, with their declared types.
  enum Function: String, Sendable {
    case length, count, match, search, value

    var parameters: [ExpressionType] {
      switch self {
      case .length: return [.value]
      case .count, .value: return [.nodes]
      case .match, .search: return [.value, .value]
      }
    }

    var result: ExpressionType {
      switch self {
      case .length, .count, .value: return .value
      case .match, .search: return .logical
      }
    }
  }

  /// RFC 9535's type system for function parameters and results (§2.4.1).
  enum ExpressionType: Sendable {
    case value, logical, nodes
  }

  struct FunctionCall: Sendable {
    var function: Function
    var arguments: [Argument]
  }

  enum Argument: Sendable {
    case value(Comparable)
    case logical(LogicalExpression)
    case nodes(Query)
  }
}
