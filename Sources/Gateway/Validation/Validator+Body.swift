extension Validator {
  /// Checks that can only be made once the body ended: its length against
  /// Content-Length, and a body where the status allows none.
  /// - Parameter facts: What the status and headers that went out say.
  static func checkBody(_ facts: ResponseFacts, byteCount: Int) -> [Diagnostic] {
    var found: [Diagnostic] = []
    if forbidsBody(facts.code) {
      if byteCount > 0 {
        found.append(
          Diagnostic(
            .bodyForbidden, "The \(facts.code!) response has a body of \(byteCount) bytes; it must have none."))
      }
    } else if let declared = facts.declaredLength {
      if byteCount < declared {
        found.append(
          Diagnostic(
            .bodyShorterThanLength,
            "Content-Length says \(declared) bytes, but the body has \(byteCount) (\(declared - byteCount) missing)."))
      } else if byteCount > declared {
        found.append(
          Diagnostic(
            .bodyLongerThanLength,
            "Content-Length says \(declared) bytes, but the body has \(byteCount) (\(byteCount - declared) too many)."))
      }
    }
    return found
  }
}
