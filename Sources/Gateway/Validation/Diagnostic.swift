/// Something the gateway noticed about an exchange: a broken rule, a
/// portability hazard, or a note on what the server did.
///
/// Diagnostics never stop a dispatch; they are part of the exchange.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
  /// How much a diagnostic matters.
  public enum Severity: String, Sendable, Comparable, CaseIterable {
    /// Something a server would act on differently, or what the server did.
    case info
    /// Allowed by PEP 3333, but not portable or not advisable.
    case warning
    /// A rule of PEP 3333 (or HTTP) that was broken.
    case error

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
      allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
  }

  /// The rule that was checked.
  public var rule: Rule
  /// What happened in this exchange, in a sentence.
  public var message: String

  /// The rule's stable id, such as `status.format`.
  public var id: String { rule.id }
  /// The rule's severity.
  public var severity: Severity { rule.severity }

  /// Creates a diagnostic for `rule`.
  public init(_ rule: Rule, _ message: String) {
    self.rule = rule
    self.message = message
  }

  public var description: String { "\(severity) [\(id)] \(message) (\(rule.citation))" }
}

extension Array where Element == Diagnostic {
  /// Appends what a check found. Nearly always it found nothing, and then this
  /// allocates nothing: `append(contentsOf:)` gives an empty array storage of
  /// its own even when both are empty.
  mutating func add(_ found: [Diagnostic]) {
    if !found.isEmpty { append(contentsOf: found) }
  }
}
