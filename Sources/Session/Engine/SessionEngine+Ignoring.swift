import JSON

/// `ignore`: values that change on every run, left out of recordings and comparisons.
extension SessionEngine {
  /// `ignore ...`: from here on, the rule holds for recording and comparing; the message says what it does.
  func ignore(_ rule: IgnoreRule, _ context: SourceLine) throws(SessionError) -> String {
    switch rule {
    case .header(let name):
      if !ignoredHeaders.contains(where: { $0.lowercased() == name.lowercased() }) { ignoredHeaders.append(name) }
      return "\(name) is recorded by presence only"
    case .json(let path):
      ignoreMask.json.append(path)
      return "\(path) is left out of recorded and compared JSON bodies"
    case .body(let pattern):
      ignoreMask.body.append(try compile(pattern, context))
      return "matches of \(pattern) are left out of recorded and compared bodies"
    case .errors(let pattern):
      ignoreMask.errors.append(try compile(pattern, context))
      return "matches of \(pattern) are left out of the recorded and compared errors output"
    }
  }

  /// Whether the node at `location` equals `expected` once the nodes `ignore json` selects inside it are
  /// left out of both: the expected value is put in the actual one's place and both documents masked.
  /// A node that is itself ignored (or inside an ignored one) is compared as it is: the check names it.
  func equalIgnoring(_ document: JSONValue, at location: [JSONLocationStep], _ expected: JSONValue) -> Bool {
    guard !ignoreMask.json.isEmpty else { return false }
    let ignored = ignoreMask.json.flatMap { $0.nodes(in: document).map(\.location) }
    guard !ignored.contains(where: { location.starts(with: $0) }) else { return false }
    let withExpected = document.replacing(at: location[...], with: expected)
    let actual = (ignoreMask.maskedJSON(document) ?? document).value(at: location)
    let wanted = (ignoreMask.maskedJSON(withExpected) ?? withExpected).value(at: location)
    return actual != nil && actual == wanted
  }
}
