import Gateway

/// A unified diff of two texts by lines, as `diff -u` prints it: `-` expected, `+` actual.
///
/// Lines are matched by the standard library's `difference(from:)` (Myers'
/// algorithm) between anchors (lines found once on each side), which costs
/// time in proportion to the size of the change, not to the product of the two
/// lengths, so two long bodies that differ in a few lines diff as fast as two
/// short ones, and memory stays bounded however much they differ.
public enum LineDiff {
  /// The most diff lines shown: a body that changed throughout shows its first
  /// hunks and says how many lines were left out, rather than filling the screen.
  public static let lineLimit = 80
  /// The most bytes of one diff line shown: a body on one line (minified JSON, a blob) differs on
  /// that line, and the diff shows its head and how much more it holds, not a megabyte.
  public static let lineWidthLimit = 1024

  /// The diff of `expected` against `actual`.
  /// - Parameters:
  ///   - expected: The text the session expected.
  ///   - actual: The text that came.
  ///   - context: Unchanged lines shown around each change.
  ///   - limit: The most lines of hunks shown; past it, one line says how many more there were.
  /// - Returns: The lines of the diff, from `--- expected` on; empty when the texts are equal.
  public static func unified(expected: String, actual: String, context: Int = 3, limit: Int = lineLimit) -> [String] {
    guard expected != actual else { return [] }
    let edits = script(lines(expected), lines(actual))
    let output = ["--- expected", "+++ actual"]
    var groups: [(first: Int, last: Int)] = []
    for change in edits.indices where edits[change].kind != .same {
      if let last = groups.last, change - last.last <= context * 2 + 1 {
        groups[groups.count - 1].last = change
      } else {
        groups.append((change, change))
      }
    }
    var hunkLines: [String] = []
    var oldBefore = 0
    var newBefore = 0
    var counted = 0
    for group in groups {
      let start = max(0, group.first - context)
      let end = min(edits.count, group.last + context + 1)
      for edit in edits[counted..<start] {
        if edit.kind != .added { oldBefore += 1 }
        if edit.kind != .removed { newBefore += 1 }
      }
      let hunk = edits[start..<end]
      let oldCount = hunk.count { $0.kind != .added }
      let newCount = hunk.count { $0.kind != .removed }
      hunkLines.append(
        "@@ -\(oldBefore + (oldCount > 0 ? 1 : 0)),\(oldCount) +\(newBefore + (newCount > 0 ? 1 : 0)),\(newCount) @@")
      for edit in hunk {
        switch edit.kind {
        case .same: hunkLines.append(" " + cut(edit.text))
        case .removed: hunkLines.append("-" + cut(edit.text))
        case .added: hunkLines.append("+" + cut(edit.text))
        }
      }
      oldBefore += oldCount
      newBefore += newCount
      counted = end
    }
    if hunkLines.count > limit {
      let left = hunkLines.count - limit
      hunkLines.removeLast(left)
      hunkLines.append("… \(left) more diff line\(left == 1 ? "" : "s") not shown")
    }
    return output + hunkLines
  }

  /// `line` cut after ``lineWidthLimit`` bytes, before a character, saying how many more it held.
  /// The mark on a last line without its newline, part of the line so that the newline's absence is a difference.
  static let noNewlineMark = " \\ (no newline at end)"

  static func cut(_ line: String) -> String {
    // The mark is not the line's: it is counted out, and kept after the cut.
    let marked = line.hasSuffix(noNewlineMark)
    let content = marked ? String(line.utf8.dropLast(noNewlineMark.utf8.count))! : line
    guard let (head, leftOut) = content.utf8Head(within: lineWidthLimit) else { return line }
    return head + "… (\(leftOut) B more on this line)" + (marked ? noNewlineMark : "")
  }

  /// Lines, with a note on a last line that lacks its newline, as `diff` marks it.
  static func lines(_ text: String) -> [String] {
    var result = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if result.last == "" {
      result.removeLast()
    } else if !result.isEmpty {
      result[result.count - 1] += noNewlineMark
    }
    return result
  }

  struct Edit {
    enum Kind { case same, removed, added }
    var kind: Kind
    var text: String
  }

  /// The most lines (both sides together) one stretch between anchors is matched on. The standard
  /// library keeps a vector for every step of its search, memory in the square of the number of
  /// changes: past this, a stretch is shown as all removed and added rather than matched.
  static let stretchLimit = 2_000

  /// The edit script: at each change the removed lines come before the added ones, as `diff -u` writes them.
  ///
  /// Lines that occur once on each side anchor the match (as in a patience diff), so two long texts
  /// are matched stretch by stretch; each stretch between anchors by `difference(from:)`.
  static func script(_ old: [String], _ new: [String]) -> [Edit] {
    var edits: [Edit] = []
    edits.reserveCapacity(max(old.count, new.count))
    var i = 0
    var j = 0
    for (oldAnchor, newAnchor) in anchors(old, new) + [(old.count, new.count)] {
      edits += stretch(old[i..<oldAnchor], new[j..<newAnchor])
      if oldAnchor < old.count { edits.append(Edit(kind: .same, text: old[oldAnchor])) }
      i = oldAnchor + 1
      j = newAnchor + 1
    }
    return edits
  }

  /// Pairs of positions of lines that occur exactly once in each text, the longest run of them in order on both sides.
  static func anchors(_ old: [String], _ new: [String]) -> [(Int, Int)] {
    var once: [String: (old: Int, oldCount: Int, new: Int, newCount: Int)] = [:]
    for (index, line) in old.enumerated() { once[line, default: (index, 0, -1, 0)].oldCount += 1 }
    for (index, line) in new.enumerated() where once[line] != nil {
      once[line]!.new = index
      once[line]!.newCount += 1
    }
    let pairs = old.indices.compactMap { index -> (Int, Int)? in
      guard let entry = once[old[index]], entry.oldCount == 1, entry.newCount == 1 else { return nil }
      return (index, entry.new)
    }
    // The longest increasing run of new positions (patience sorting): the anchors that agree on the order.
    var tails: [Int] = []
    var previous = [Int](repeating: -1, count: pairs.count)
    for (index, pair) in pairs.enumerated() {
      var low = 0
      var high = tails.count
      while low < high {
        let middle = (low + high) / 2
        if pairs[tails[middle]].1 < pair.1 { low = middle + 1 } else { high = middle }
      }
      if low > 0 { previous[index] = tails[low - 1] }
      if low == tails.count { tails.append(index) } else { tails[low] = index }
    }
    var result: [(Int, Int)] = []
    var index = tails.last ?? -1
    while index >= 0 {
      result.append(pairs[index])
      index = previous[index]
    }
    return result.reversed()
  }

  /// The edits of one stretch between anchors.
  static func stretch(_ old: ArraySlice<String>, _ new: ArraySlice<String>) -> [Edit] {
    guard old.count + new.count <= stretchLimit else {
      return old.map { Edit(kind: .removed, text: $0) } + new.map { Edit(kind: .added, text: $0) }
    }
    var removed = Set<Int>()
    var inserted = Set<Int>()
    for change in Array(new).difference(from: Array(old)) {
      switch change {
      case .remove(let offset, _, _): removed.insert(offset)
      case .insert(let offset, _, _): inserted.insert(offset)
      }
    }
    let old = Array(old)
    let new = Array(new)
    var edits: [Edit] = []
    var i = 0
    var j = 0
    while i < old.count || j < new.count {
      if i < old.count, removed.contains(i) {
        edits.append(Edit(kind: .removed, text: old[i]))
        i += 1
      } else if j < new.count, inserted.contains(j) {
        edits.append(Edit(kind: .added, text: new[j]))
        j += 1
      } else {
        edits.append(Edit(kind: .same, text: old[i]))
        i += 1
        j += 1
      }
    }
    return edits
  }
}
