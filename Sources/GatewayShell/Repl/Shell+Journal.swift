import Session

extension Shell {
  /// Turns a request line that went to the journal before it ran into a comment when it
  /// failed without dispatching (an undefined variable, no app loaded, a missing body file):
  /// a replay of the journal would stop there. A dispatch that ran, even one that timed
  /// out or was stopped, keeps its line.
  func journalDispatchOutcome(_ statement: Statement, _ events: [SessionEvent]) {
    guard let journal, events.contains(where: { if case .error = $0 { true } else { false } }) else { return }
    journal.replaceLast(with: journalLines(statement, events))
  }

  /// The journal lines of a statement: its text, with relative paths made absolute (a journal is
  /// replayed from its own folder, where `@payload.json` would name another file), or its text as
  /// comments when it failed.
  func journalLines(_ statement: Statement, _ events: [SessionEvent]) -> [String] {
    var lines = statement.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    for case .error(let error) in events {
      return ["# failed: " + error.message] + lines.map { "# " + $0 }
    }
    switch statement.command {
    case .save:
      // Replaying the journal must not overwrite the file the session saved, as `gwsh run` would.
      return lines.map { "# " + $0 + " (saved during the session; a replay does not save again)" }
    case .body(.file(let path)?) where path.hasPrefix("/"):
      lines[0] = "body @" + path
    case .source(let path, _) where path.hasPrefix("/"):
      lines[0] = "source " + path
    case .load(let spec, let name, let prefix) where spec.hasPrefix("cgi:") && !spec.dropFirst(4).hasPrefix("/"):
      lines[0] =
        "load cgi:" + directory + "/" + spec.dropFirst(4) + (name.map { " as " + $0 } ?? "")
        + (prefix.map { " at " + $0 } ?? "")
    default:
      break
    }
    return lines
  }
}
