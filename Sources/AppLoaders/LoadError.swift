/// Why an app could not be loaded.
public enum LoadError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The spec does not parse.
  case badSpec(AppSpecError)
  /// Ctrl-C stopped the load before the app was ready.
  case cancelled(spec: String)
  /// No built-in app has this name.
  case unknownBuiltin(name: String, available: [String])
  /// The CGI program does not exist.
  case programMissing(path: String)
  /// The CGI program is a directory.
  case programIsDirectory(path: String)
  /// The CGI program exists but may not be executed.
  case programNotExecutable(path: String)
  /// The Python interpreter could not be started.
  case pythonNotStarted(interpreter: String, reason: String)
  /// The worker started, but importing the module or finding the callable failed.
  case importFailed(spec: String, traceback: String)
  /// The program named as the interpreter ended without running the worker script: it is not Python 3.
  case notPython(interpreter: String, outcome: String, output: String)
  /// The worker ended before saying whether the import worked.
  case workerExited(spec: String, outcome: String, output: String)
  /// The worker did not finish importing in time.
  case importTimedOut(spec: String, after: Duration)

  public var description: String {
    switch self {
    case .badSpec(let error):
      return error.description
    case .cancelled(let spec):
      return "The load of \(spec) was cancelled (Ctrl-C); nothing was loaded."
    case .unknownBuiltin(let name, let available):
      return "There is no built-in app named '\(name)'; the built-in apps are \(available.joined(separator: ", "))."
    case .programMissing(let path):
      return "The CGI program \(path) does not exist."
    case .programIsDirectory(let path):
      return "The CGI program \(path) is a directory; expected an executable file."
    case .programNotExecutable(let path):
      return "The CGI program \(path) is not executable; run chmod +x \(path), or check the mount it is on."
    case .pythonNotStarted(let interpreter, let reason):
      return "The Python interpreter '\(interpreter)' could not be started (\(reason)); pass --python PATH."
    case .importFailed(let spec, let traceback):
      return
        "Loading \(spec) failed in Python:\n\(traceback.hasSuffix("\n") ? String(traceback.dropLast()) : traceback)"
    case .notPython(let interpreter, let outcome, let output):
      // Its output may echo the whole worker script back (`--python /bin/echo`): its first line is enough.
      let first = output.split(separator: "\n").first.map { String($0.prefix(100)) } ?? ""
      return "'\(interpreter)' is not a Python 3 interpreter: it \(outcome) without running gwsh's worker"
        + (first.isEmpty ? "" : " (its output began: \(first))") + "; pass --python with a python3."
    case .workerExited(let spec, let outcome, let output):
      let shown = output.isEmpty ? "" : ":\n" + (output.hasSuffix("\n") ? String(output.dropLast()) : output)
      return "The Python worker for \(spec) \(outcome) before the app was imported\(shown)"
    case .importTimedOut(let spec, let after):
      return "The Python worker for \(spec) did not finish importing within \(after.formattedSeconds); it was stopped."
    }
  }
}
