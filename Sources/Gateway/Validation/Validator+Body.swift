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

  /// Whether a response that has content names its type (RFC 9110, section 8.3: a sender that
  /// generates content should say its type). A response with an empty body has nothing to
  /// type: a 201 Created, a redirect or a DELETE's answer is right without one, though
  /// `wsgiref.validate` asks for it whatever the body.
  /// - Parameter contentBytes: The body's length: the bytes produced, or for an answer to HEAD that
  ///   sent none, the length its Content-Length declares.
  static func checkContentType(_ facts: ResponseFacts, contentBytes: Int) -> Diagnostic? {
    guard !facts.hasContentType, contentBytes > 0, let code = facts.code, !forbidsBody(code) else { return nil }
    return Diagnostic(
      .headerContentTypeMissing, "The \(code) response has \(contentBytes) bytes of content but no Content-Type header."
    )
  }
}
