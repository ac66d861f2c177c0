import Synchronization

/// Runs the checks that see the same input on nearly every request (a request's
/// environ, the status and headers an app starts its response with), and
/// remembers the last input of each that passed.
///
/// An app is asked alike and answers alike on nearly every request, and
/// comparing the input with the last one costs a fraction of checking it again.
/// Only input that passed is remembered: equal input passes again, so the memo
/// can never hide a diagnostic.
final class ValidationMemo: Sendable {
  private let lastEnviron = Mutex<ServerEnviron.RequestValues?>(nil)
  private let lastHead = Mutex<(status: String, headers: [HeaderField], facts: ResponseFacts)?>(nil)

  /// The diagnostics of `environ`, as ``Validator/checkEnviron(_:)`` finds them.
  func checkEnviron(_ environ: Environ) -> [Diagnostic] {
    // A composed environ is checked in full: it is rarely the same twice.
    guard case .server(let server) = environ.storage else { return Validator.checkEnviron(environ) }
    // Compared through optional chaining, in place: comparing the optional itself copied all eight values.
    if lastEnviron.withLock({ $0?.equals(server.request) == true }) { return [] }
    let diagnostics = Validator.checkEnviron(environ)
    // Only the values are kept, not the environ: it holds the request's body.
    if diagnostics.isEmpty { lastEnviron.withLock { $0 = server.request } }
    return diagnostics
  }

  /// The diagnostics of `status` and `headers`, and what the end-of-body check needs from them.
  func checkHead(status: String, headers: [HeaderField]) -> (diagnostics: [Diagnostic], facts: ResponseFacts) {
    let remembered = lastHead.withLock { last -> ResponseFacts? in
      guard let last, last.status == status, last.headers == headers else { return nil }
      return last.facts
    }
    if let remembered { return ([], remembered) }
    var diagnostics = Validator.checkStatus(status)
    diagnostics.add(Validator.checkHeaders(headers, status: status))
    let facts = ResponseFacts(status: status, headers: headers)
    if diagnostics.isEmpty { lastHead.withLock { $0 = (status, headers, facts) } }
    return (diagnostics, facts)
  }
}

extension ServerEnviron.RequestValues {
  fileprivate func equals(_ other: Self) -> Bool { self == other }
}
