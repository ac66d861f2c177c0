import Synchronization

/// What the end-of-body check needs from the status and headers that went out.
struct ResponseFacts: Sendable, Equatable {
  /// The three-digit status code, when the status starts with one.
  var code: Int?
  /// The body length the headers declare, when exactly one Content-Length holds a number.
  var declaredLength: Int?

  /// The facts of `status` and `headers`.
  init(status: String, headers: [HeaderField]) {
    code = Validator.statusCode(status)
    var declaredLengths = 0
    for header in headers where Validator.equalsIgnoringCase(header.name, "content-length") {
      guard let length = Int(header.value) else { continue }
      declaredLengths += 1
      declaredLength = length
    }
    if declaredLengths != 1 { declaredLength = nil }
  }
}

/// Checks the status and headers an app starts its response with, and
/// remembers the last ones that passed.
///
/// An app sends the same status and headers on nearly every request, and
/// comparing them with the last ones costs a tenth of checking them again. Only
/// a pair that passed is remembered: equal input passes again, so the memo can
/// never hide a diagnostic.
final class ResponseHeadChecker: Sendable {
  private let lastPassed = Mutex<(status: String, headers: [HeaderField], facts: ResponseFacts)?>(nil)

  /// The diagnostics of `status` and `headers`, and what the end-of-body check needs from them.
  func check(status: String, headers: [HeaderField]) -> (diagnostics: [Diagnostic], facts: ResponseFacts) {
    let remembered = lastPassed.withLock { last -> ResponseFacts? in
      guard let last, last.status == status, last.headers == headers else { return nil }
      return last.facts
    }
    if let remembered { return ([], remembered) }
    var diagnostics = Validator.checkStatus(status)
    diagnostics.add(Validator.checkHeaders(headers, status: status))
    let facts = ResponseFacts(status: status, headers: headers)
    if diagnostics.isEmpty { lastPassed.withLock { $0 = (status, headers, facts) } }
    return (diagnostics, facts)
  }
}
