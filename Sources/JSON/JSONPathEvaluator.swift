/// Runs a parsed JSONPath over a document, following RFC 9535 §2.3–2.6.
struct JSONPathEvaluator {
  let root: JSONValue
  /// Regular expressions compiled so far in this query, by I-Regexp source;
  /// `nil` records a pattern that is not I-Regexp.
  private var regexes: [String: IRegexp?] = [:]

  init(root: JSONValue) {
    self.root = root
  }

  mutating func nodes(of query: JSONPath.Query, current: JSONValue) -> [JSONValue] {
    nodes(of: query, start: query.relative ? current : root)
  }

  /// The query's nodes from `start`; `Node` says whether each node also keeps where it is.
  mutating func nodes<Node: JSONPathNode>(of query: JSONPath.Query, start: Node) -> [Node] {
    var nodes = [start]
    for segment in query.segments {
      var next: [Node] = []
      switch segment {
      case .child(let selectors):
        for node in nodes {
          for selector in selectors { select(selector, from: node, into: &next) }
        }
      case .descendant(let selectors):
        for node in nodes { descend(node, selectors, into: &next) }
      }
      nodes = next
      if nodes.isEmpty { break }
    }
    return nodes
  }

  /// Applies the selectors to `node` and then to each of its descendants, parents before children.
  private mutating func descend<Node: JSONPathNode>(
    _ node: Node, _ selectors: [JSONPath.Selector], into output: inout [Node]
  ) {
    for selector in selectors { select(selector, from: node, into: &output) }
    switch node.value {
    case .array(let items):
      for (index, item) in items.enumerated() { descend(node.child(item, index: index), selectors, into: &output) }
    case .object(let members):
      for member in JSONValue.effective(members) {
        descend(node.child(member.value, name: member.key), selectors, into: &output)
      }
    default:
      break
    }
  }

  private mutating func select<Node: JSONPathNode>(
    _ selector: JSONPath.Selector, from node: Node, into output: inout [Node]
  ) {
    switch (selector, node.value) {
    case (.name(let name), .object(let members)):
      let wanted = MemberName(name)
      if let member = members.last(where: { MemberName($0.key) == wanted }) {
        output.append(node.child(member.value, name: member.key))
      }
    case (.wildcard, .array(let items)):
      for (index, item) in items.enumerated() { output.append(node.child(item, index: index)) }
    case (.wildcard, .object(let members)):
      for member in JSONValue.effective(members) { output.append(node.child(member.value, name: member.key)) }
    case (.index(let index), .array(let items)):
      let position = index < 0 ? items.count + index : index
      if items.indices.contains(position) { output.append(node.child(items[position], index: position)) }
    case (.slice(let start, let end, let step), .array(let items)):
      for position in Self.slice(start: start, end: end, step: step, count: items.count) {
        output.append(node.child(items[position], index: position))
      }
    case (.filter(let expression), .array(let items)):
      for (index, item) in items.enumerated() where test(expression, current: item) {
        output.append(node.child(item, index: index))
      }
    case (.filter(let expression), .object(let members)):
      for member in JSONValue.effective(members) where test(expression, current: member.value) {
        output.append(node.child(member.value, name: member.key))
      }
    default:
      break
    }
  }

  /// The positions a slice selects, in the order it selects them (RFC 9535 §2.3.4.2.2).
  static func slice(start: Int?, end: Int?, step: Int?, count: Int) -> [Int] {
    let step = step ?? 1
    guard step != 0 else { return [] }
    func normalized(_ index: Int) -> Int { index >= 0 ? index : count + index }
    var positions: [Int] = []
    if step > 0 {
      let lower = min(max(normalized(start ?? 0), 0), count)
      let upper = min(max(normalized(end ?? count), 0), count)
      var index = lower
      while index < upper {
        positions.append(index)
        index += step
      }
    } else {
      let upper = min(max(normalized(start ?? count - 1), -1), count - 1)
      let lower = min(max(end.map(normalized) ?? -1, -1), count - 1)
      var index = upper
      while lower < index {
        positions.append(index)
        index += step
      }
    }
    return positions
  }

  // MARK: Filters

  private mutating func test(_ expression: JSONPath.LogicalExpression, current: JSONValue) -> Bool {
    switch expression {
    case .or(let operands):
      for operand in operands where test(operand, current: current) { return true }
      return false
    case .and(let operands):
      for operand in operands where !test(operand, current: current) { return false }
      return true
    case .not(let operand):
      return !test(operand, current: current)
    case .exists(let query):
      return !nodes(of: query, current: current).isEmpty
    case .function(let call):
      return logicalResult(of: call, current: current)
    case .comparison(let left, let comparison, let right):
      let a = value(of: left, current: current)
      let b = value(of: right, current: current)
      switch comparison {
      case .equal: return Self.equal(a, b)
      case .notEqual: return !Self.equal(a, b)
      case .less: return Self.less(a, b)
      case .lessOrEqual: return Self.less(a, b) || Self.equal(a, b)
      case .greater: return Self.less(b, a)
      case .greaterOrEqual: return Self.less(b, a) || Self.equal(a, b)
      }
    }
  }

  /// `==` with Nothing (`nil`) equal only to Nothing.
  private static func equal(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case (let a?, let b?): return a == b
    default: return false
    }
  }

  /// `<`: only numbers with numbers and strings with strings are ordered; Nothing never is.
  private static func less(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
    guard let a, let b else { return false }
    return a.isLess(than: b)
  }

  /// A comparable's value, or `nil` for Nothing.
  private mutating func value(of comparable: JSONPath.Comparable, current: JSONValue) -> JSONValue? {
    switch comparable {
    case .literal(let value):
      return value
    case .query(let query):
      let found = nodes(of: query, current: current)
      return found.count == 1 ? found[0] : nil
    case .function(let call):
      return valueResult(of: call, current: current)
    }
  }

  // MARK: Functions

  private mutating func valueResult(of call: JSONPath.FunctionCall, current: JSONValue) -> JSONValue? {
    switch call.function {
    case .length:
      guard case .value(let argument) = call.arguments[0] else { return nil }
      switch value(of: argument, current: current) {
      case .string(let text)?: return .integer(text.unicodeScalars.count)
      case .array(let items)?: return .integer(items.count)
      case .object(let members)?: return .integer(JSONValue.effective(members).count)
      default: return nil
      }
    case .count:
      guard case .nodes(let query) = call.arguments[0] else { return nil }
      return .integer(nodes(of: query, current: current).count)
    case .value:
      guard case .nodes(let query) = call.arguments[0] else { return nil }
      let found = nodes(of: query, current: current)
      return found.count == 1 ? found[0] : nil
    case .match, .search:
      return nil
    }
  }

  private mutating func logicalResult(of call: JSONPath.FunctionCall, current: JSONValue) -> Bool {
    switch call.function {
    case .match, .search:
      guard case .value(let subject) = call.arguments[0], case .value(let pattern) = call.arguments[1],
        case .string(let text)? = value(of: subject, current: current),
        case .string(let source)? = value(of: pattern, current: current),
        let regex = regex(source)
      else { return false }
      return call.function == .match ? regex.matchesWhole(text) : regex.isFound(in: text)
    case .length, .count, .value:
      return false
    }
  }

  private mutating func regex(_ source: String) -> IRegexp? {
    if let known = regexes[source] { return known }
    let compiled = IRegexp(source)
    regexes[source] = compiled
    return compiled
  }
}
