extension JSONPath {
  /// `document` without the nodes the path selects, for comparing two
  /// documents while ignoring values that change on every run (`ignore json`).
  ///
  /// A removed array element closes up its array; a removed member takes every
  /// member of its name with it, so an earlier repeat does not show through.
  /// - Returns: The rest of the document, or `nil` when the path selects the root itself.
  public func removing(from document: JSONValue) -> JSONValue? {
    var evaluator = JSONPathEvaluator(root: document)
    let located = evaluator.nodes(of: query, start: LocatedNode(value: document, step: nil))
    guard !located.isEmpty else { return document }
    let marks = Marks()
    for node in located {
      var steps: [LocatedNode.Step.Element] = []
      var current = node.step
      while let link = current {
        steps.append(link.element)
        current = link.parent
      }
      var mark = marks
      for step in steps.reversed() { mark = mark.child(step) }
      mark.removed = true
    }
    return marks.removed ? nil : marks.apply(to: document)
  }

  /// The selected places as a tree of steps from the root.
  private final class Marks {
    var removed = false
    var names: [MemberName: Marks] = [:]
    var indexes: [Int: Marks] = [:]

    func child(_ step: LocatedNode.Step.Element) -> Marks {
      switch step {
      case .name(let name):
        if let known = names[MemberName(name)] { return known }
        let new = Marks()
        names[MemberName(name)] = new
        return new
      case .index(let index):
        if let known = indexes[index] { return known }
        let new = Marks()
        indexes[index] = new
        return new
      }
    }

    func apply(to value: JSONValue) -> JSONValue {
      switch value {
      case .array(let items):
        var kept: [JSONValue] = []
        for (index, item) in items.enumerated() {
          guard let mark = indexes[index] else {
            kept.append(item)
            continue
          }
          if !mark.removed { kept.append(mark.apply(to: item)) }
        }
        return .array(kept)
      case .object(let members):
        var kept: [(key: String, value: JSONValue)] = []
        for member in members {
          guard let mark = names[MemberName(member.key)] else {
            kept.append(member)
            continue
          }
          if !mark.removed { kept.append((member.key, mark.apply(to: member.value))) }
        }
        return .object(kept)
      default:
        return value
      }
    }
  }
}
