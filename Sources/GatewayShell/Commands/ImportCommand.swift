import ArgumentParser
import Platform
import Session

/// `gwsh import FILE`: a HAR, `.http` or curl file as a session file on standard output.
struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Convert a HAR, .http or curl file into a session file, written to standard output.",
    discussion: """
      The format is told by the extension (.har, .http, .rest) or the content. What has no \
      equivalent (JavaScript response handlers, {{$random...}} dynamic variables) becomes a \
      comment in the output and a warning on standard error.
      """
  )

  @Argument(help: "The file to convert.")
  var file: String

  @Option(help: ArgumentHelp("An app spec; a 'load SPEC' line goes first.", valueName: "spec"))
  var app: String?

  func run() throws {
    do {
      let warnings = try SessionImporter.convert(file, app: app) { print($0.text) }
      for warning in warnings {
        TerminalOutput.standardError.write(
          TerminalText.escape("\(file):\(warning.line):1: warning: \(warning.message)") + "\n")
      }
    } catch {
      TerminalOutput.standardError.write(TerminalText.escape("gwsh import: \(error)") + "\n")
      throw ExitCode(2)
    }
  }
}
