import JSON

/// Where a node is in a JSON document: the member names and array positions from the root.
enum JSONLocationStep: Equatable {
  case member(String)
  case index(Int)
}

/// A node a JSONPath selected: where it is, and its value.
struct JSONNode {
  var location: [JSONLocationStep]
  var value: JSONValue
}

extension JSONPath {
  /// The nodes the path selects in `document`, in document order.
  ///
  /// The one place the session walks a path itself: the JSON module's query gives the nodes, and
  /// this only adds where each one is, so an ignored node can be masked in place.
  func nodes(in document: JSONValue) -> [JSONNode] {
    var location: [JSONLocationStep] = []
    var current = document
    for step in steps {
      switch (step, current) {
      case (.member(let name), .object):
        guard let next = current[name] else { return [] }
        location.append(.member(name))
        current = next
      case (.index(let index), .array(let items)):
        let position = index < 0 ? items.count + index : index
        guard items.indices.contains(position) else { return [] }
        location.append(.index(position))
        current = items[position]
      default:
        return []
      }
    }
    return [JSONNode(location: location, value: current)]
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
