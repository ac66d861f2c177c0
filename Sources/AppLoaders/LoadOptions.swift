/// How the loader starts apps that live outside the process.
public struct LoadOptions: Sendable {
  /// Where relative CGI paths are resolved and where the Python worker runs;
  /// this directory is first on the worker's import path, and relative `PYTHONPATH`
  /// entries are read from it. (A session file's relative `cgi:PATH` is resolved
  /// from the file's folder before it gets here: ``AppSpec/resolvingProgram(from:)``.)
  public var workingDirectory: String
  /// The Python interpreter: a path (a virtualenv's `bin/python`) or a name looked up on PATH.
  public var python: String
  /// How long the Python worker may take to import the app before `load` gives up.
  public var importTimeout: Duration
  /// How many local redirects (`Location: /path` from a CGI program) are followed in one dispatch.
  public var localRedirectLimit: Int
  /// The most bytes of CGI response headers read before the response counts as malformed.
  public var cgiHeaderLimit: Int

  /// Creates options.
  /// - Parameters:
  ///   - workingDirectory: Where relative CGI paths are resolved and the Python worker runs.
  ///   - python: The Python interpreter (default `python3` from PATH).
  ///   - importTimeout: How long the worker may take to import the app (default 60 seconds).
  ///   - localRedirectLimit: How many CGI local redirects are followed (default 5).
  ///   - cgiHeaderLimit: The most bytes of CGI response headers (default 64 KiB).
  public init(
    workingDirectory: String,
    python: String = "python3",
    importTimeout: Duration = .seconds(60),
    localRedirectLimit: Int = 5,
    cgiHeaderLimit: Int = 64 * 1024
  ) {
    self.workingDirectory = workingDirectory
    self.python = python
    self.importTimeout = importTimeout
    self.localRedirectLimit = localRedirectLimit
    self.cgiHeaderLimit = cgiHeaderLimit
  }
}
