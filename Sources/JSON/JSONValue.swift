/// A JSON document as written: object members keep their order and numbers
/// keep their form, so a body pretty-printed or recorded reads as the app sent it.
public indirect enum JSONValue: Sendable, Equatable, CustomStringConvertible {
  /// `null`.
  case null
  /// `true` or `false`.
  case bool(Bool)
  /// A number, kept as its literal text (`1`, `1.50`, `2e3`).
  case number(String)
  /// A string.
  case string(String)
  /// An array.
  case array([JSONValue])
  /// An object, members in document order.
  case object([(key: String, value: JSONValue)])

  /// Compares as JSON does: numbers by value, objects by members regardless of order.
  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.number(let a), .number(let b)): return a == b || (Double(a) != nil && Double(a) == Double(b))
    case (.string(let a), .string(let b)): return a == b
    case (.array(let a), .array(let b)): return a == b
    case (.object(let a), .object(let b)):
      guard a.count == b.count else { return false }
      return a.allSatisfy { member in b.contains { $0.key == member.key && $0.value == member.value } }
    default: return false
    }
  }

  /// A whole number.
  public static func integer(_ value: Int) -> JSONValue { .number(String(value)) }

  /// The compact form, as `expect json` shows an actual value.
  public var description: String { compactText }

  /// The member `key` of an object, or `nil`.
  public subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members.last { $0.key == key }?.value
  }

  /// The value's type in a word, for messages.
  public var typeName: String {
    switch self {
    case .null: return "null"
    case .bool: return "boolean"
    case .number: return "number"
    case .string: return "string"
    case .array: return "array"
    case .object: return "object"
    }
  }

  /// The value as a capture stores it: strings without quotes, everything else as compact JSON.
  public var plainText: String {
    if case .string(let text) = self { return text }
    return compactText
  }
}
