/// A node as the evaluator carries it: a bare value, or a value and where it is.
protocol JSONPathNode {
  var value: JSONValue { get }
  func child(_ value: JSONValue, name: String) -> Self
  func child(_ value: JSONValue, index: Int) -> Self
}

extension JSONValue: JSONPathNode {
  var value: JSONValue { self }
  func child(_ value: JSONValue, name: String) -> JSONValue { value }
  func child(_ value: JSONValue, index: Int) -> JSONValue { value }
}

/// A node and the way to it, kept as a chain back to the root so that a
/// descendant shares its ancestors' steps.
struct LocatedNode: JSONPathNode {
  final class Step: Sendable {
    enum Element {
      case name(String)
      case index(Int)
    }
    let parent: Step?
    let element: Element
    init(parent: Step?, element: Element) {
      self.parent = parent
      self.element = element
    }
  }

  let value: JSONValue
  let step: Step?

  func child(_ value: JSONValue, name: String) -> LocatedNode {
    LocatedNode(value: value, step: Step(parent: step, element: .name(name)))
  }

  func child(_ value: JSONValue, index: Int) -> LocatedNode {
    LocatedNode(value: value, step: Step(parent: step, element: .index(index)))
  }

  /// The node's Normalized Path (RFC 9535 §2.7): `$['a'][0]`.
  var normalizedPath: String {
    var elements: [Step.Element] = []
    var current = step
    while let link = current {
      elements.append(link.element)
      current = link.parent
    }
    var path = "$"
    for element in elements.reversed() {
      switch element {
      case .index(let index): path += "[\(index)]"
      case .name(let name): path += "['" + Self.escaped(name) + "']"
      }
    }
    return path
  }

  private static func escaped(_ name: String) -> String {
    var result = ""
    for scalar in name.unicodeScalars {
      switch scalar {
      case "\u{08}": result += "\\b"
      case "\u{0C}": result += "\\f"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case "'": result += "\\'"
      case "\\": result += "\\\\"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        result += "\\u00" + (hex.count < 2 ? "0" : "") + hex
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}
