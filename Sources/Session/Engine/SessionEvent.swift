import Gateway

/// What running a statement produced, for a shell to render or a runner to count.
/// The engine never prints; everything it has to say is one of these.
public enum SessionEvent: Sendable {
  /// An app was loaded (and made current unless it was mounted at a prefix).
  case appLoaded(name: String, spec: String, prefix: String?)
  /// `use` made an app current.
  case appSelected(String)
  /// A request was dispatched: the first, or a redirect hop when following.
  case dispatched(DispatchRecord)
  /// The response of the last dispatch recorded as session lines, as `save` and a journal write them.
  case recorded(RecordedResponse)
  /// An expectation was checked.
  /// (Boxed: its payload is large, and an event is copied into every list that holds it.)
  indirect case expectation(ExpectationResult)
  /// A capture stored a variable.
  case captured(name: String, value: String)
  /// What `show` asked for.
  case show(ShowOutput)
  /// Help text.
  case help(String)
  /// A short note on what a command did (`header set`, `cookies off`).
  case message(String)
  /// The statement failed; nothing of it was applied.
  case error(SessionError)
  /// `save` wrote a file.
  case saved(path: String)
  /// `quit`: the shell ends, a file stops here.
  case quit
}
