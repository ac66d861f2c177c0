/// A JSONPath query as RFC 9535 defines it.
///
/// Everything in the RFC is read: the root `$`, child segments (`.name`,
/// `.*`, `['name']`, `[0]`, `[-1]`, `[1:5:2]`, `[*]`, several selectors as in
/// `['a', 0]`), descendant segments (`..name`, `..*`, `..[0]`), filters
/// (`[?@.price < 10 && !@.sold]`) with `==`, `!=`, `<`, `<=`, `>`, `>=`,
/// `&&`, `||`, `!`, parentheses, existence tests, the current node `@` and
/// absolute queries `$`, and the function extensions `length`, `count`,
/// `match`, `search` and `value`, type-checked as the RFC says (a query that
/// may select several nodes cannot be compared, `match(...)` cannot be
/// compared to `true`, and so on: such a path does not parse).
///
/// ```swift
/// let path = try JSONPath(parsing: "$.items[?@.price < 10].name")
/// let names = path.query(document)  // the nodes, in document order
/// ```
public struct JSONPath: Sendable, Equatable, CustomStringConvertible {
  /// The path as written.
  public let description: String
  let query: Query

  /// Parses a path.
  /// - Parameter text: The path, starting with `$`; no whitespace before or after.
  /// - Throws: ``JSONPathError`` naming the column (from 1) and what was expected there.
  public init(parsing text: String) throws(JSONPathError) {
    description = text
    query = try JSONPathParser.parse(text)
  }

  /// True when the path can select at most one node: only names and indexes,
  /// one per segment, no descendants (RFC 9535's singular query).
  public var isSingular: Bool { query.isSingular }

  /// The nodes the path selects in `document`, in document order, with
  /// repeats when the path selects a node more than once (`$[0, 0]`).
  ///
  /// Object members are taken in the order the document wrote them; a member
  /// whose name comes again later in the same object is skipped, since the
  /// last one of a name is what the object means.
  public func query(_ document: JSONValue) -> [JSONValue] {
    var evaluator = JSONPathEvaluator(root: document)
    return evaluator.nodes(of: query, current: document)
  }

  /// The nodes the path selects, as ``query(_:)`` gives them, each with its
  /// Normalized Path (RFC 9535 §2.7), such as `$['items'][0]['id']`: the one
  /// spelling of where a node is, for naming it in a message or finding it again.
  public func locate(_ document: JSONValue) -> [(path: String, value: JSONValue)] {
    var evaluator = JSONPathEvaluator(root: document)
    return evaluator.nodes(of: query, start: LocatedNode(value: document, step: nil)).map {
      ($0.normalizedPath, $0.value)
    }
  }

  /// One step from a node down to a child: a member's name or an array's index.
  public enum Step: Sendable, Hashable {
    case member(String)
    case index(Int)
  }

  /// The nodes the path selects, as ``query(_:)`` gives them, each with the
  /// steps from the root to it, for finding a node again in the same document
  /// (to leave it out of a comparison, say).
  public func nodesWithSteps(_ document: JSONValue) -> [(steps: [Step], value: JSONValue)] {
    var evaluator = JSONPathEvaluator(root: document)
    return evaluator.nodes(of: query, start: LocatedNode(value: document, step: nil)).map { node in
      var steps: [Step] = []
      var current = node.step
      while let link = current {
        switch link.element {
        case .name(let name): steps.append(.member(name))
        case .index(let index): steps.append(.index(index))
        }
        current = link.parent
      }
      return (steps.reversed(), node.value)
    }
  }

  /// The value the path stands for, as `expect json` and `capture` compare it:
  /// `nil` when nothing is selected; for a singular path the one node; for any
  /// other path the nodes as an array in document order (even a single one).
  public func select(in document: JSONValue) -> JSONValue? {
    let nodes = query(document)
    if nodes.isEmpty { return nil }
    return isSingular ? nodes[0] : .array(nodes)
  }

  /// Two paths are equal when they were written the same.
  public static func == (lhs: JSONPath, rhs: JSONPath) -> Bool { lhs.description == rhs.description }
}

/// Why a JSONPath did not parse.
public struct JSONPathError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The column in the path, from 1, counted in characters.
  public var column: Int
  /// What was expected there, in words.
  public var expected: String

  public var description: String { "expected \(expected) at column \(column) of the path" }
}
