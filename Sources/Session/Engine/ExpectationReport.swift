import Gateway

/// How a failed expectation is shown: the same lines for `gwsh run`, its JUnit
/// report and the prompt, which only colours them by ``Role``.
///
/// Long values are cut to an excerpt (``lineLimit`` lines, ``byteLimit``
/// bytes) that says how much was left out, so a failed `expect body ~ regex`
/// on a page of HTML shows its head, not the page.
public struct ExpectationReport: Sendable, Equatable {
  /// What a line of the report is, for a terminal to colour.
  public enum Role: Sendable, Equatable {
    /// `  expected: ...` and its continuation lines.
    case expected
    /// `  actual:   ...` and its continuation lines.
    case actual
    /// A diff's `-` line.
    case removed
    /// A diff's `+` line.
    case added
    /// A diff's header, hunk marker or unchanged line, or a note.
    case context
  }

  /// One line: its text (two spaces of indent included, nothing escaped) and what it is.
  public struct Line: Sendable, Equatable {
    /// What the line is.
    public var role: Role
    /// The line, indented, not escaped.
    public var text: String
  }

  /// The most lines of an expected or actual value shown.
  public static let lineLimit = 20
  /// The most bytes of an expected or actual value shown.
  public static let byteLimit = 2048

  /// The lines under the heading.
  public var lines: [Line]

  /// The report of a result.
  public init(_ result: ExpectationResult) {
    lines = []
    if result.diff.count > 1 {
      for line in result.diff {
        let role: Role =
          line.hasPrefix("---") || line.hasPrefix("+++")
          ? .context
          : line.hasPrefix("-") ? .removed : line.hasPrefix("+") ? .added : .context
        lines.append(Line(role: role, text: "  " + line))
      }
      return
    }
    append(result.expected, as: .expected, label: "expected: ")
    append(result.actual, as: .actual, label: "actual:   ")
    lines += result.diff.map { Line(role: .context, text: "  " + $0) }
  }

  private mutating func append(_ value: String, as role: Role, label: String) {
    let indent = String(repeating: " ", count: label.count + 2)
    let shown = Self.excerpt(value)
    for (index, line) in shown.enumerated() {
      lines.append(Line(role: role, text: (index == 0 ? "  " + label : indent) + line))
    }
  }

  /// The first lines of `value`, at most ``lineLimit`` of them and ``byteLimit`` bytes, and a line saying what was left out.
  static func excerpt(_ value: String) -> [String] {
    var all = value.split(separator: "\n", omittingEmptySubsequences: false)
    // A final newline ends the last line; it opens no line of its own.
    if all.count > 1, all.last == "" { all.removeLast() }
    var shown: [String] = []
    var bytes = 0
    for line in all {
      if shown.count == lineLimit || bytes + line.utf8.count > byteLimit { break }
      shown.append(String(line))
      bytes += line.utf8.count + 1
    }
    var cut = false
    if shown.isEmpty, let first = all.first {
      // One line longer than the limit: its head, cut between characters.
      var head = ""
      for character in first {
        if head.utf8.count + character.utf8.count > byteLimit { break }
        head.append(character)
      }
      shown.append(head)
      bytes = head.utf8.count
      cut = true
    }
    guard cut || shown.count < all.count else { return shown }
    let leftLines = all.count - shown.count
    let leftBytes = max(0, value.utf8.count - bytes)
    let lines = leftLines == 0 ? "the rest of the line" : "\(leftLines) more line\(leftLines == 1 ? "" : "s")"
    shown.append("… \(lines) (\(leftBytes) B) not shown")
    return shown
  }

  /// The lines of a long `text` around the first line holding the longest plain word of `pattern`
  /// (letters and digits, not after a `\\`), with where they are; `nil` when the text is short or
  /// holds none of the words, and its head is shown instead.
  static func region(of text: String, near pattern: String) -> String? {
    var words: [String] = []
    var word = ""
    var escaped = false
    for character in pattern + " " {
      if !escaped, character.isLetter || character.isNumber {
        word.append(character)
      } else {
        if word.count >= 3 { words.append(word) }
        word = ""
      }
      escaped = !escaped && character == "\\"
    }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    if lines.count > 1, lines.last == "" { lines.removeLast() }
    guard lines.count > lineLimit else { return nil }
    for word in words.sorted(by: { $0.count > $1.count }) {
      guard let index = lines.firstIndex(where: { $0.contains(word) }) else { continue }
      let first = max(0, index - lineLimit / 4)
      let last = min(lines.count, first + lineLimit / 2)
      return "lines \(first + 1)-\(last) of \(lines.count), around the first '\(word)':\n"
        + lines[first..<last].joined(separator: "\n")
    }
    return nil
  }

  /// `file:line:column: expectation failed: STATEMENT`, then the lines, escaped so no control character reaches a terminal.
  public static func text(_ result: ExpectationResult) -> String {
    let heading = "\(result.location): expectation failed: \(result.statement)"
    return VisibleText.escaped(([heading] + ExpectationReport(result).lines.map(\.text)).joined(separator: "\n"))
  }
}
