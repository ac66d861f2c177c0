/// One response or request header, kept exactly as given.
public struct HeaderField: Sendable, Hashable, CustomStringConvertible {
  /// The name, in the case it was given.
  public var name: String
  /// The value.
  public var value: String

  /// Creates a header.
  public init(_ name: String, _ value: String) {
    self.name = name
    self.value = value
  }

  public var description: String { "\(name): \(value)" }
}

extension Array where Element == HeaderField {
  /// The first value of the header `name`, compared without regard to case.
  public func first(named name: String) -> String? {
    first { HeaderField.namesMatch($0.name, name) }?.value
  }

  /// Every value of the header `name`, compared without regard to case.
  public func values(named name: String) -> [String] {
    filter { HeaderField.namesMatch($0.name, name) }.map(\.value)
  }
}

extension HeaderField {
  /// Whether two header names are the same without regard to case, as their
  /// `lowercased()` forms compare; ASCII names (nearly all) are compared in
  /// place, without making lowercase copies.
  static func namesMatch(_ a: String, _ b: String) -> Bool {
    var a = a
    var b = b
    // withUTF8 reads a native string in place (it copies only a bridged one).
    let matched: Bool? = a.withUTF8 { left in
      b.withUTF8 { right in
        guard !left.contains(where: { $0 >= 0x80 }), !right.contains(where: { $0 >= 0x80 }) else { return nil }
        return left.count == right.count && zip(left, right).allSatisfy { lowered($0) == lowered($1) }
      }
    }
    return matched ?? (a.lowercased() == b.lowercased())
  }

  private static func lowered(_ byte: UInt8) -> UInt8 {
    byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
  }
}
