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

  /// Compares as JSON values, the way RFC 9535's `==` does.
  ///
  /// Numbers compare by exact value (`1 == 1.0 == 1e0`, yet `9007199254740992`
  /// and `9007199254740993` differ); strings compare Unicode scalar by scalar;
  /// arrays element by element; objects by their members regardless of order.
  /// An object that repeats a name means what its last member of that name says,
  /// as JavaScript's `JSON.parse` and Python's `json` read it (RFC 8259 leaves
  /// repeated names undefined), so `{"a":1,"a":2}` equals `{"a":2}`.
  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.number(let a), .number(let b)): return Self.compareNumbers(a, b) == 0
    case (.string(let a), .string(let b)): return a.unicodeScalars.elementsEqual(b.unicodeScalars)
    case (.array(let a), .array(let b)): return a == b
    case (.object(let a), .object(let b)): return Self.membersEqual(a, b)
    default: return false
    }
  }

  /// RFC 9535's `<`: numbers by value, strings by their Unicode scalars in order;
  /// any other pair (including a number and a string) is not ordered, so false.
  public func isLess(than other: JSONValue) -> Bool {
    switch (self, other) {
    case (.number(let a), .number(let b)): return Self.compareNumbers(a, b) == -1
    case (.string(let a), .string(let b)):
      return a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) { $0.value < $1.value }
    default: return false
    }
  }

  /// -1, 0 or 1 by value; a number text that is not JSON (which only code can
  /// build) is equal only to the same text and otherwise unordered (2).
  static func compareNumbers(_ a: String, _ b: String) -> Int {
    if a == b { return 0 }
    guard let x = JSONNumber(a), let y = JSONNumber(b) else { return 2 }
    return x.compare(y)
  }

  private static func membersEqual(_ a: [(key: String, value: JSONValue)], _ b: [(key: String, value: JSONValue)])
    -> Bool
  {
    // The common case, the same names in the same order without repeats, needs no table.
    if a.count == b.count, zip(a, b).allSatisfy({ MemberName($0.key) == MemberName($1.key) }) {
      let names = Set(a.lazy.map { MemberName($0.key) })
      if names.count == a.count { return zip(a, b).allSatisfy { $0.value == $1.value } }
    }
    let left = lastWins(a)
    let right = lastWins(b)
    guard left.count == right.count else { return false }
    return left.allSatisfy { name, value in right[name].map { $0 == value } ?? false }
  }

  private static func lastWins(_ members: [(key: String, value: JSONValue)]) -> [MemberName: JSONValue] {
    Dictionary(members.lazy.map { (MemberName($0.key), $0.value) }, uniquingKeysWith: { _, last in last })
  }

  /// The members that count, in document order: a member whose name comes again
  /// later is left out, so a repeated name means its last value.
  var effectiveMembers: [(key: String, value: JSONValue)] {
    guard case .object(let members) = self else { return [] }
    return Self.effective(members)
  }

  static func effective(_ members: [(key: String, value: JSONValue)]) -> [(key: String, value: JSONValue)] {
    guard members.count > 1 else { return members }
    var seen = Set<MemberName>(minimumCapacity: members.count)
    var repeated = false
    for member in members where !seen.insert(MemberName(member.key)).inserted {
      repeated = true
      break
    }
    guard repeated else { return members }
    var kept: [(key: String, value: JSONValue)] = []
    seen.removeAll(keepingCapacity: true)
    for member in members.reversed() where seen.insert(MemberName(member.key)).inserted {
      kept.append(member)
    }
    return kept.reversed()
  }

  /// A whole number.
  public static func integer(_ value: Int) -> JSONValue { .number(String(value)) }

  /// The compact form, as `expect json` shows an actual value.
  public var description: String { compactText }

  /// The member `key` of an object, or `nil`.
  public subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    let name = MemberName(key)
    return members.last { MemberName($0.key) == name }?.value
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

/// A member name compared the way JSON compares names: Unicode scalar by
/// scalar, not by Swift's canonical equivalence (`"é"` and `"e\u{301}"` differ).
struct MemberName: Hashable {
  let text: String
  init(_ text: String) { self.text = text }
  static func == (lhs: MemberName, rhs: MemberName) -> Bool { lhs.text.utf8.elementsEqual(rhs.text.utf8) }
  func hash(into hasher: inout Hasher) {
    for byte in text.utf8 { hasher.combine(byte) }
  }
}
