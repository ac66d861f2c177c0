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
    first { $0.name.lowercased() == name.lowercased() }?.value
  }

  /// Every value of the header `name`, compared without regard to case.
  public func values(named name: String) -> [String] {
    filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
  }
}
