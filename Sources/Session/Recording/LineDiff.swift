/// A unified diff of two texts by lines, as `diff -u` prints it: `-` expected, `+` actual.
public enum LineDiff {
  /// The largest table the line matcher builds; past it the middle is shown as all removed and added.
  static let tableLimit = 4_000_000

  /// The diff of `expected` against `actual`.
  /// - Parameters:
  ///   - expected: The text the session expected.
  ///   - actual: The text that came.
  ///   - context: Unchanged lines shown around each change.
  /// - Returns: The lines of the diff, from `--- expected` on; empty when the texts are equal.
  public static func unified(expected: String, actual: String, context: Int = 3) -> [String] {
    guard expected != actual else { return [] }
    let old = lines(expected)
    let new = lines(actual)
    let edits = script(old, new)
    var output = ["--- expected", "+++ actual"]
    let changes = edits.indices.filter { edits[$0].kind != .same }
    var groups: [(first: Int, last: Int)] = []
    for change in changes {
      if let last = groups.last, change - last.last <= context * 2 + 1 {
        groups[groups.count - 1].last = change
      } else {
        groups.append((change, change))
      }
    }
    for group in groups {
      let start = max(0, group.first - context)
      let end = min(edits.count, group.last + context + 1)
      let hunk = edits[start..<end]
      let oldBefore = edits[..<start].filter { $0.kind != .added }.count
      let newBefore = edits[..<start].filter { $0.kind != .removed }.count
      let oldCount = hunk.filter { $0.kind != .added }.count
      let newCount = hunk.filter { $0.kind != .removed }.count
      output.append(
        "@@ -\(oldBefore + (oldCount > 0 ? 1 : 0)),\(oldCount) +\(newBefore + (newCount > 0 ? 1 : 0)),\(newCount) @@")
      for edit in hunk {
        switch edit.kind {
        case .same: output.append(" " + edit.text)
        case .removed: output.append("-" + edit.text)
        case .added: output.append("+" + edit.text)
        }
      }
    }
    return output
  }

  /// Lines, with a note on a last line that lacks its newline, as `diff` marks it.
  static func lines(_ text: String) -> [String] {
    var result = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if result.last == "" {
      result.removeLast()
    } else if !result.isEmpty {
      result[result.count - 1] += " \\ (no newline at end)"
    }
    return result
  }

  struct Edit {
    enum Kind { case same, removed, added }
    var kind: Kind
    var text: String
    var oldIndex: Int
    var newIndex: Int
  }

  /// The edit script: common prefix and suffix kept, the middle matched by longest common subsequence.
  static func script(_ old: [String], _ new: [String]) -> [Edit] {
    var prefix = 0
    while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
    var suffix = 0
    while suffix < old.count - prefix, suffix < new.count - prefix,
      old[old.count - 1 - suffix] == new[new.count - 1 - suffix]
    {
      suffix += 1
    }
    var edits = (0..<prefix).map { Edit(kind: .same, text: old[$0], oldIndex: $0, newIndex: $0) }
    let a = Array(old[prefix..<(old.count - suffix)])
    let b = Array(new[prefix..<(new.count - suffix)])
    if a.count * b.count <= tableLimit {
      // lengths[i][j]: the longest common subsequence of a[i...] and b[j...].
      var lengths = [[Int32]](repeating: [Int32](repeating: 0, count: b.count + 1), count: a.count + 1)
      for i in stride(from: a.count - 1, through: 0, by: -1) {
        for j in stride(from: b.count - 1, through: 0, by: -1) {
          lengths[i][j] = a[i] == b[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
        }
      }
      var i = 0
      var j = 0
      while i < a.count || j < b.count {
        if i < a.count, j < b.count, a[i] == b[j] {
          edits.append(Edit(kind: .same, text: a[i], oldIndex: prefix + i, newIndex: prefix + j))
          i += 1
          j += 1
        } else if i < a.count, j == b.count || lengths[i + 1][j] >= lengths[i][j + 1] {
          edits.append(Edit(kind: .removed, text: a[i], oldIndex: prefix + i, newIndex: prefix + j))
          i += 1
        } else {
          edits.append(Edit(kind: .added, text: b[j], oldIndex: prefix + i, newIndex: prefix + j))
          j += 1
        }
      }
    } else {
      edits += a.enumerated().map { Edit(kind: .removed, text: $1, oldIndex: prefix + $0, newIndex: prefix) }
      edits += b.enumerated().map {
        Edit(kind: .added, text: $1, oldIndex: prefix + a.count, newIndex: prefix + $0)
      }
    }
    for k in 0..<suffix {
      edits.append(
        Edit(
          kind: .same, text: old[old.count - suffix + k], oldIndex: old.count - suffix + k,
          newIndex: new.count - suffix + k))
    }
    return edits
  }
}
