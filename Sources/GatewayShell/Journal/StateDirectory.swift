import Platform

/// Where the shell keeps what outlives a run: `$XDG_STATE_HOME/gwsh/`, or
/// `~/.local/state/gwsh/` when that is not set (the XDG Base Directory spec).
struct StateDirectory: Sendable {
  /// The folder.
  let path: String

  /// The folder for `environment`.
  /// - Throws: ``ShellError/fileSystem(operation:path:reason:)`` when there is no home to put it in.
  static func resolve(environment: [String: String]) throws -> StateDirectory {
    if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
      return StateDirectory(path: state + "/gwsh")
    }
    guard let home = environment["HOME"], !home.isEmpty else {
      throw ShellError.fileSystem(
        operation: "find", path: "$XDG_STATE_HOME or $HOME",
        reason: "neither is set, so there is nowhere to keep the journal")
    }
    return StateDirectory(path: home + "/.local/state/gwsh")
  }

  /// The history file of the prompt.
  var historyPath: String { path + "/history" }
  /// The folder of the session journals.
  var journalFolder: String { path + "/journal" }
  /// The folder of bodies too large to keep in memory.
  var bodiesFolder: String { path + "/bodies" }
  /// The folder where the children still running are noted, for the next start to stop
  /// what a killed shell left (``ChildLedger``).
  var childrenFolder: String { path + "/children" }

  /// Creates `folder` and its parents, readable by the user only.
  ///
  /// Folders that exist cost one call: the parents are visited only when the folder itself is missing one.
  /// - Throws: ``ShellError/fileSystem(operation:path:reason:)`` when one cannot be created.
  static func create(_ folder: String) throws(ShellError) {
    do {
      try FileSystem.createDirectory(folder, mode: 0o700, parents: true)
    } catch {
      throw .fileSystem(operation: "create", path: error.path ?? folder, reason: error.reason)
    }
  }
}
