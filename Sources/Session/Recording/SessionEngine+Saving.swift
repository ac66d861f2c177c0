/// `save`: the transcript as a runnable session file, secrets optionally turned into variables.
extension SessionEngine {
  /// Headers whose values `save --redact` always replaces.
  static let secretHeaders = ["authorization", "cookie", "proxy-authorization"]

  /// The session so far as a runnable file: each statement, each dispatch followed by its recorded response.
  /// - Parameter redact: Replace the values of Authorization, Cookie and `redact header` headers with variables.
  /// - Returns: The file's text.
  public func savedText(redact: Bool) -> String {
    var entries = transcript
    var header = "# gwsh session. Replay it with: gwsh run FILE\n"
    if redact {
      let secret = Self.secretHeaders + redactedHeaders.map { $0.lowercased() }
      var names: [String] = []
      var values: [(value: String, variable: String)] = []
      for statement in headerStatements where secret.contains(statement.name.lowercased()) {
        let variable = statement.name.lowercased().replacingOccurrences(of: "-", with: "_")
        entries[statement.index] = "header \(statement.name): {{\(variable)}}"
        if !names.contains(variable) { names.append(variable) }
        if statement.value.count >= 3 { values.append((statement.value, variable)) }
      }
      // The longest first, so a value holding a shorter one is replaced whole.
      for (value, variable) in values.sorted(by: { $0.value.count > $1.value.count }) {
        entries = entries.map { $0.replacingOccurrences(of: value, with: "{{\(variable)}}") }
      }
      if !names.isEmpty {
        header += "# Redacted; run it with " + names.map { "--var \($0)=..." }.joined(separator: " ") + "\n"
      }
    }
    return header + "\n" + entries.joined(separator: "\n") + "\n"
  }
}

extension String {
  func replacingOccurrences(of target: String, with replacement: String) -> String {
    guard !target.isEmpty else { return self }
    return self.replacing(target, with: replacement)
  }
}
