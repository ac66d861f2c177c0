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
    guard a.utf8.allSatisfy({ $0 < 0x80 }), b.utf8.allSatisfy({ $0 < 0x80 }) else {
      return a.lowercased() == b.lowercased()
    }
    return a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).allSatisfy { lowered($0) == lowered($1) }
  }

  private static func lowered(_ byte: UInt8) -> UInt8 {
    byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
  }
}
