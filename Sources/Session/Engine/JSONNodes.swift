import JSON

/// Where a node is in a JSON document: the member names and array positions from the root.
typealias JSONLocationStep = JSONPath.Step

/// A node a JSONPath selected: where it is, and its value.
struct JSONNode {
  var location: [JSONLocationStep]
  var value: JSONValue
}

extension JSONPath {
  /// The nodes the path selects in `document`, in document order, each with where it is, so an
  /// ignored node can be masked in place.
  func nodes(in document: JSONValue) -> [JSONNode] {
    nodesWithSteps(document).map { JSONNode(location: $0.steps, value: $0.value) }
  }

  /// What the path stands for in a comparison: `nil` when it selects nothing, the node itself for
  /// a path that can select only one, and otherwise the array of the nodes in document order.
  func selection(of nodes: [JSONNode]) -> JSONValue? {
    if nodes.isEmpty { return nil }
    return isSingular ? nodes[0].value : .array(nodes.map(\.value))
  }
}

extension JSONValue {
  /// The value with the node at `location` replaced by `replacement`; unchanged when there is no such node.
  func replacing(at location: ArraySlice<JSONLocationStep>, with replacement: JSONValue) -> JSONValue {
    guard let step = location.first else { return replacement }
    switch (step, self) {
    case (.member(let name), .object(var members)):
      // The last member of a name is the one a lookup finds.
      guard let index = members.lastIndex(where: { $0.key == name }) else { return self }
      members[index].value = members[index].value.replacing(at: location.dropFirst(), with: replacement)
      return .object(members)
    case (.index(let index), .array(var items)):
      guard items.indices.contains(index) else { return self }
      items[index] = items[index].replacing(at: location.dropFirst(), with: replacement)
      return .array(items)
    default:
      return self
    }
  }

  /// The value at `location`, or `nil`.
  func value(at location: [JSONLocationStep]) -> JSONValue? {
    var current = self
    for step in location {
      switch (step, current) {
      case (.member(let name), .object):
        guard let next = current[name] else { return nil }
        current = next
      case (.index(let index), .array(let items)):
        guard items.indices.contains(index) else { return nil }
        current = items[index]
      default: return nil
      }
    }
    return current
  }
}
