extension String {
  /// How many letters must be inserted, removed, replaced or swapped with a neighbour to turn
  /// this into `other`: how close a mistyped word (a command, a subcommand, an app's kind) is
  /// to the one meant.
  package func editDistance(to other: String) -> Int {
    let a = Array(self)
    let b = Array(other)
    guard !a.isEmpty else { return b.count }
    var previous = Array(0...b.count)
    var beforePrevious = previous
    for i in 1...a.count {
      var current = [i] + [Int](repeating: 0, count: b.count)
      for j in stride(from: 1, through: b.count, by: 1) {
        current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        // Two letters typed the wrong way round (`stauts`, `clera`) are one slip, not two.
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          current[j] = Swift.min(current[j], beforePrevious[j - 2] + 1)
        }
      }
      beforePrevious = previous
      previous = current
    }
    return previous[b.count]
  }
}
