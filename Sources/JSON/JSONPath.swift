/// A path into a JSON document, in the subset of JSONPath gwsh reads:
/// `$`, `.name`, `['name']`, `[0]` and `[-1]` (counted from the end).
public struct JSONPath: Sendable, Equatable, CustomStringConvertible {
  /// One step of a path.
  public enum Step: Sendable, Equatable {
    /// An object member.
    case member(String)
    /// An array element; negative counts from the end.
    case index(Int)
  }

  /// The steps after `$`.
  public var steps: [Step]
  /// The path as written.
  public var description: String

  /// Parses a path.
  /// - Parameter text: The path, starting with `$`.
  /// - Throws: ``JSONPathError`` naming the column and what was expected there.
  public init(parsing text: String) throws(JSONPathError) {
    description = text
    steps = []
    let characters = Array(text)
    guard characters.first == "$" else { throw JSONPathError(column: 1, expected: "'$' to start the path") }
    var index = 1
    while index < characters.count {
      switch characters[index] {
      case ".":
        index += 1
        let start = index
        while index < characters.count,
          characters[index].isLetter || characters[index].isNumber
            || characters[index] == "_" || characters[index] == "-" || characters[index] == "$"
        {
          index += 1
        }
        guard index > start else { throw JSONPathError(column: start + 1, expected: "a member name after '.'") }
        steps.append(.member(String(characters[start..<index])))
      case "[":
        index += 1
        if index < characters.count, characters[index] == "'" || characters[index] == "\"" {
          let quote = characters[index]
          index += 1
          let start = index
          while index < characters.count, characters[index] != quote { index += 1 }
          guard index < characters.count else {
            throw JSONPathError(column: index + 1, expected: "\(quote) to close the member name")
          }
          steps.append(.member(String(characters[start..<index])))
          index += 1
        } else {
          let start = index
          if index < characters.count, characters[index] == "-" { index += 1 }
          while index < characters.count, characters[index].isASCII, characters[index].isNumber { index += 1 }
          guard let number = Int(String(characters[start..<index])) else {
            throw JSONPathError(column: start + 1, expected: "an index such as [0] or [-1], or a quoted name")
          }
          steps.append(.index(number))
        }
        guard index < characters.count, characters[index] == "]" else {
          throw JSONPathError(column: index + 1, expected: "']'")
        }
        index += 1
      default:
        throw JSONPathError(column: index + 1, expected: "'.name', '[index]' or '['name']'")
      }
    }
  }

  /// The value at the path in `document`, or `nil` when a step finds nothing.
  public func select(in document: JSONValue) -> JSONValue? {
    var current = document
    for step in steps {
      switch (step, current) {
      case (.member(let name), .object):
        guard let next = current[name] else { return nil }
        current = next
      case (.index(let index), .array(let items)):
        let position = index < 0 ? items.count + index : index
        guard items.indices.contains(position) else { return nil }
        current = items[position]
      default:
        return nil
      }
    }
    return current
  }
}

/// Why a JSONPath did not parse.
public struct JSONPathError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The column in the path, from 1.
  public var column: Int
  /// What was expected there.
  public var expected: String

  public var description: String { "expected \(expected) at column \(column) of the path" }
}
