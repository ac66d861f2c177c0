import Session
import Testing

@Suite("Diffs of expected and actual text")
struct LineDiffTests {
  @Test("two long texts changed at both ends diff as two small hunks, not as all lines removed and added")
  func longTextsChangedAtBothEnds() {
    let lines = (1...3000).map { "line \($0)" }
    var changed = lines
    changed[0] = "line one"
    changed[2999] = "line three thousand"
    let diff = LineDiff.unified(
      expected: lines.joined(separator: "\n") + "\n", actual: changed.joined(separator: "\n") + "\n")
    #expect(
      diff == [
        "--- expected", "+++ actual",
        "@@ -1,4 +1,4 @@", "-line 1", "+line one", " line 2", " line 3", " line 4",
        "@@ -2997,4 +2997,4 @@", " line 2997", " line 2998", " line 2999", "-line 3000", "+line three thousand",
      ])
  }

  @Test("a text changed throughout shows a bounded diff and says how much was left out")
  func boundedDiff() {
    let expected = (1...500).map { "old \($0)" }.joined(separator: "\n") + "\n"
    let actual = (1...500).map { "new \($0)" }.joined(separator: "\n") + "\n"
    let diff = LineDiff.unified(expected: expected, actual: actual)
    #expect(diff.count == 2 + LineDiff.lineLimit + 1)
    #expect(diff.last == "… 921 more diff lines not shown")
    #expect(diff[2] == "@@ -1,500 +1,500 @@")
  }

  @Test("a very long line shows its head, cut between characters, and how much more it held")
  func longLine() {
    // 'é' is two bytes: after one 'x' the limit falls inside one.
    let actual = "x" + String(repeating: "é", count: 300_000) + "\n"
    let diff = LineDiff.unified(expected: "short\n", actual: actual)
    let head = "x" + String(repeating: "é", count: (LineDiff.lineWidthLimit - 1) / 2)
    #expect(
      diff == [
        "--- expected", "+++ actual", "@@ -1,1 +1,1 @@", "-short", "+" + head + "… (598978 B more on this line)",
      ])
    // Without its last newline, the line's own bytes are counted, and the mark kept.
    let unended = LineDiff.unified(expected: "short\n", actual: String(repeating: "x", count: 2000))
    #expect(
      unended.last == "+" + String(repeating: "x", count: 1024) + "… (976 B more on this line) \\ (no newline at end)")
  }

  @Test("a missing final newline is marked, as diff marks it")
  func missingNewline() {
    #expect(
      LineDiff.unified(expected: "a\nb\n", actual: "a\nb")
        == ["--- expected", "+++ actual", "@@ -1,2 +1,2 @@", " a", "-b", "+b \\ (no newline at end)"])
  }

  @Test("two long texts with no line in common diff in bounded memory, and repeated lines still match")
  func longDifferentTexts() {
    let expected = (1...40000).map { "old \($0)" }.joined(separator: "\n") + "\n"
    let actual = (1...40000).map { "new \($0)" }.joined(separator: "\n") + "\n"
    let diff = LineDiff.unified(expected: expected, actual: actual)
    #expect(diff.count == 2 + LineDiff.lineLimit + 1)
    #expect(diff[2] == "@@ -1,40000 +1,40000 @@")
    let repeated = LineDiff.unified(expected: "}\n}\na\n}\n", actual: "}\n}\nb\n}\n")
    #expect(repeated == ["--- expected", "+++ actual", "@@ -1,4 +1,4 @@", " }", " }", "-a", "+b", " }"])
  }
}
