/// The recorded blocks of a session file: each `# recorded response` comment
/// and the `expect` / `ignore` lines under it, which `--update` rewrites.
struct RecordedBlocks {
  /// One block: its lines (1-based, inclusive) and the dispatch statement it records.
  struct Block {
    var firstLine: Int
    var lastLine: Int
    var dispatchLine: Int?
  }

  var blocks: [Block] = []

  init() {}

  /// Comments the recorder writes inside a block.
  static let recorderComments = [
    "# redirect ", "# outcome:", "# header ", "# the errors output", "# the body was cut short",
  ]

  init(lines: [String], statements: [Statement], file: String) {
    let own = statements.filter { $0.location.file == file }
    var statementAt: [Int: Statement] = [:]
    var hereDocumentLines: Set<Int> = []
    for statement in own {
      statementAt[statement.location.line] = statement
      if statement.lineCount > 1 {
        hereDocumentLines.formUnion((statement.location.line + 1)..<(statement.location.line + statement.lineCount))
      }
    }
    var index = 0
    while index < lines.count {
      let trimmed = lines[index].trimmingCharacters(in: " \t\r")
      // A marker inside a here-document is text, not a block.
      guard trimmed.hasPrefix("# recorded response"), !hereDocumentLines.contains(index + 1) else {
        index += 1
        continue
      }
      let first = index + 1
      var line = first + 1
      while line <= lines.count {
        let text = lines[line - 1].trimmingCharacters(in: " \t\r")
        if Self.recorderComments.contains(where: { text.hasPrefix($0) }) {
          line += 1
        } else if let statement = statementAt[line], Self.isRecorded(statement.command) {
          line += statement.lineCount
        } else {
          break
        }
      }
      let dispatch = own.last { $0.location.line < first && Self.isDispatch($0.command) }
      blocks.append(Block(firstLine: first, lastLine: line - 1, dispatchLine: dispatch?.location.line))
      index = line - 1
    }
  }

  /// Whether a line belongs to a block, so `--update` does not check it.
  func contains(line: Int) -> Bool {
    blocks.contains { $0.firstLine <= line && line <= $0.lastLine }
  }

  static func isRecorded(_ command: Command) -> Bool {
    switch command {
    case .expect, .ignore(.header): return true
    default: return false
    }
  }

  static func isDispatch(_ command: Command) -> Bool {
    switch command {
    case .request, .send: return true
    default: return false
    }
  }

  /// The file with each block replaced by the new recording of its dispatch; blocks whose dispatch did not run stay.
  func rewrite(_ lines: [String], recordings: [Int: RecordedResponse]) -> [String] {
    var output: [String] = []
    var next = 1
    for block in blocks {
      output += lines[(next - 1)..<(block.firstLine - 1)]
      if let dispatch = block.dispatchLine, var recording = recordings[dispatch]?.lines {
        while recording.last == "" { recording.removeLast() }
        output += recording
      } else {
        output += lines[(block.firstLine - 1)..<block.lastLine]
      }
      next = block.lastLine + 1
    }
    output += lines[(next - 1)...]
    return output
  }
}
