/// One dispatch's response recorded as session lines: the `expect` lines a replay checks,
/// as `save` and a journal write them.
///
/// Held as one text rather than a list of lines: it goes to the journal and the transcript
/// whole, on every request, and only `gwsh run --update` needs it line by line.
public struct RecordedResponse: Sendable, Equatable {
  /// The lines, each ending in a line feed; the last one is empty, so the text ends in a blank line.
  public let text: String

  init(text: String) { self.text = text }

  /// The lines, the empty last one included.
  public var lines: [String] {
    var lines = text.splitAtLineFeeds()
    // The text ends in a line feed, which ends the last line rather than starting another.
    lines.removeLast()
    return lines
  }
}
