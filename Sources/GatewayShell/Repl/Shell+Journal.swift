import Session

extension Shell {
  /// Turns a request line that went to the journal before it ran into a comment when it
  /// failed without dispatching (an undefined variable, no app loaded, a missing body file):
  /// a replay of the journal would stop there. A dispatch that ran, even one that timed
  /// out or was stopped, keeps its line.
  func journalDispatchOutcome(_ statement: Statement, _ events: [SessionEvent]) {
    guard let journal, events.contains(where: { if case .error = $0 { true } else { false } }) else { return }
    journal.replaceLast(with: journalText(statement, events))
  }

  /// The journal lines of a statement, each ending in a line feed: its text, naming its files
  /// absolutely (a journal is replayed from its own folder, where `@payload.json` would name
  /// another file), or its text as comments when it failed.
  func journalText(_ statement: Statement, _ events: [SessionEvent]) -> String {
    for case .error(let error) in events {
      return (["# failed: " + error.message] + statement.text.lines.map { "# " + $0 }).map { $0 + "\n" }.joined()
    }
    if statement.isSave {
      // Replaying the journal must not overwrite the file the session saved, as `gwsh run` would.
      return statement.text.lines.map { "# " + $0 + " (saved during the session; a replay does not save again)\n" }
        .joined()
    }
    return engine.journalText(of: statement) + "\n"
  }
}

extension String {
  /// The text's lines, an empty last one kept.
  fileprivate var lines: [String] { split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
}
