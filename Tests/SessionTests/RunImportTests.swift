import Foundation
import TestSupport
import Testing

@Suite("gwsh run imports Python apps as the prompt does")
struct RunImportTests {
  /// A project: two apps at its root and under `lib/`, a CGI script beside the session files in `tests/`.
  func project() throws -> TemporaryFolder {
    let folder = TemporaryFolder(prefix: "gwsh-project")
    let app = """
      def application(environ, start_response):
          start_response('200 OK', [('Content-Type', 'text/plain')])
          return [b'from %s\\n']

      """
    folder.write("projapp.py", app.replacingOccurrences(of: "%s", with: "projapp"))
    folder.write("lib/libapp.py", app.replacingOccurrences(of: "%s", with: "libapp"))
    folder.write(
      "tests/hello.sh", "#!/bin/sh\nprintf 'Content-Type: text/plain\\n\\nhello from cgi\\n'\n", executable: true)
    folder.write(
      "tests/t.gws",
      """
      load python:projapp
      GET /
      expect body <<END
      from projapp
      END
      load cgi:hello.sh
      GET /
      expect body <<END
      hello from cgi
      END

      """)
    folder.write("tests/lib.gws", "load python:libapp\nGET /\nexpect body <<END\nfrom libapp\nEND\n")
    return folder
  }

  func gwshRun(_ file: String, in directory: String, pythonPath: String? = nil) throws -> ChildProgram.Result {
    var environment = ProcessInfo.processInfo.environment
    environment["PYTHONPATH"] = pythonPath
    return try ChildProgram.run(
      SystemTools.gwshExecutable, ["run", file], environment: environment, currentDirectory: directory)
  }

  @Test("from a project's root, a session file in tests/ loads the project's module; its CGI program stays beside it")
  func workingDirectory() throws {
    let folder = try project()
    defer { folder.remove() }
    let result = try gwshRun("tests/t.gws", in: folder.path)
    #expect(result.status == 0, "\(result.standardOutputText)\(result.standardErrorText)")
    #expect(result.standardOutputText.hasSuffix("2 passed, 0 failed\n"), "\(result.standardOutputText)")
  }

  @Test("a relative PYTHONPATH is read from the working directory, as Python reads it")
  func relativePythonPath() throws {
    let folder = try project()
    defer { folder.remove() }
    let result = try gwshRun("tests/lib.gws", in: folder.path, pythonPath: "lib")
    #expect(result.status == 0, "\(result.standardOutputText)\(result.standardErrorText)")
    let without = try gwshRun("tests/lib.gws", in: folder.path)
    #expect(without.status == 2)
    #expect(without.standardOutputText.contains("No module named 'libapp'"), "\(without.standardOutputText)")
  }
}
