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
    for field in self where HeaderField.namesMatch(field.name, name) { return field.value }
    return nil
  }

  /// Every value of the header `name`, compared without regard to case.
  public func values(named name: String) -> [String] {
    filter { HeaderField.namesMatch($0.name, name) }.map(\.value)
  }
}

extension HeaderField {
  /// Whether two header names are the same without regard to case, as their
  /// `lowercased()` forms compare; ASCII names (nearly all) are compared on
  /// their bytes, without making lowercase copies.
  static func namesMatch(_ a: String, _ b: String) -> Bool {
    // A native or small string's bytes are read in place, without a copy or a reference count.
    let matched = a.utf8.withContiguousStorageIfAvailable { left -> Bool? in
      b.utf8.withContiguousStorageIfAvailable { right in bytesMatch(left, right) } ?? nil
    }
    if let matched = matched ?? nil { return matched }
    return a.lowercased() == b.lowercased()
  }

  /// Whether two names' bytes read the same lower-cased; `nil` when a byte past ASCII decides,
  /// as lower-casing it may change its length or make it ASCII (the Kelvin sign reads `k`).
  private static func bytesMatch(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool? {
    guard left.count == right.count else {
      // Lower-casing ASCII keeps a length; past ASCII it may not.
      return isASCII(left) && isASCII(right) ? false : nil
    }
    for index in 0..<left.count {
      let (x, y) = (left[index], right[index])
      // Up to the first byte past ASCII, both read the same lower-cased as they do byte by byte.
      if x | y >= 0x80 { return nil }
      if x != y, lowered(x) != lowered(y) { return false }
    }
    return true
  }

  /// Whether every byte is ASCII, read a word at a time (a header name is 4 to 20 bytes).
  private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    ByteLanes.noLaneMarked(in: bytes) { $0 & 0x8080_8080_8080_8080 } ?? bytes.allSatisfy { $0 < 0x80 }
  }

  private static func lowered(_ byte: UInt8) -> UInt8 {
    byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
  }
}
