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
        guard left.count == right.count else {
          // Lower-casing ASCII keeps a length; past ASCII it may not.
          return left.contains(where: { $0 >= 0x80 }) || right.contains(where: { $0 >= 0x80 }) ? nil : false
        }
        for index in left.indices {
          let (x, y) = (left[index], right[index])
          // Up to the first byte past ASCII, both read the same lower-cased as they do byte by byte.
          if x | y >= 0x80 { return nil }
          if lowered(x) != lowered(y) { return false }
        }
        return true
      }
    }
    return matched ?? (a.lowercased() == b.lowercased())
  }

  private static func lowered(_ byte: UInt8) -> UInt8 {
    byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
  }
}
