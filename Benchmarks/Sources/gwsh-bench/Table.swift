/// One line of the results: gwsh's figure beside a peer's, their ratio, and the goal.
struct Row {
  var benchmark: String
  var gwsh: String
  var peer: String
  var peerFigure: String
  var ratio: String
  var goal: String
  /// `nil` when the row has no goal of its own (a floor, or a figure for comparison).
  var holds: Bool?
}

/// Prints rows as a Markdown table, so a run pastes into docs/performance.md as it is.
struct Table {
  private(set) var rows: [Row] = []

  mutating func add(_ row: Row) {
    rows.append(row)
    print(Self.line(row), terminator: "\n")
  }

  static let header = ["benchmark", "gwsh", "peer", "peer's figure", "ratio", "goal", "holds"]

  static func line(_ row: Row) -> String {
    let holds = row.holds.map { $0 ? "yes" : "**no**" } ?? ""
    return "| "
      + [row.benchmark, row.gwsh, row.peer, row.peerFigure, row.ratio, row.goal, holds].joined(separator: " | ")
      + " |"
  }

  static func printHeader() {
    print("| " + header.joined(separator: " | ") + " |")
    print("|" + String(repeating: "---|", count: header.count))
  }
}
