extension Validator {
  /// Checks that can only be made once the body ended: its length against
  /// Content-Length, and a body where the status allows none.
  static func checkBody(status: String, headers: [HeaderField], byteCount: Int) -> [Diagnostic] {
    var found: [Diagnostic] = []
    let code = statusCode(status)
    if forbidsBody(code), byteCount > 0 {
      found.append(
        Diagnostic(.bodyForbidden, "The \(code!) response has a body of \(byteCount) bytes; it must have none."))
    }
    var declaredLengths = 0
    var declared = 0
    for header in headers where equalsIgnoringCase(header.name, "content-length") {
      guard let length = Int(header.value) else { continue }
      declaredLengths += 1
      declared = length
    }
    if declaredLengths == 1, !forbidsBody(code) {
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
