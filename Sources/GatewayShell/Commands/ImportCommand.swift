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
        TerminalOutput.standardError.write(TerminalText.escape("gwsh import: \(file): \(warning)") + "\n")
      }
    } catch {
      TerminalOutput.standardError.write(TerminalText.escape("gwsh import: \(error)") + "\n")
      throw ExitCode(2)
    }
  }
}

/// The `.http` files given to `gwsh run`, each converted to a session file beside it
/// (so its `< ./file` bodies resolve as they did) for the run, and removed after.
struct HTTPFileRun {
  /// The files to run: each `.http` file replaced by its conversion.
  var files: [String]
  var made: [String] = []

  init(_ files: [String], app: String?) throws {
    self.files = files
    for (index, file) in files.enumerated() where file.lowercased().hasSuffix(".http") {
      var lines: [String] = []
      let warnings: [SessionImporter.Warning]
      do {
        warnings = try SessionImporter.convert(file, app: app) { lines.append($0.text) }
      } catch {
        TerminalOutput.standardError.write(TerminalText.escape("gwsh run: \(error)") + "\n")
        throw ExitCode(2)
      }
      for warning in warnings {
        TerminalOutput.standardError.write(TerminalText.escape("gwsh run: \(file): \(warning)") + "\n")
      }
      let folder = file.contains("/") ? String(file[..<file.lastIndex(of: "/")!]) + "/" : ""
      let name = file.split(separator: "/").last.map(String.init) ?? file
      let converted = folder + "." + name + ".gws"
      try FileSystem.writeAtomically((lines.joined(separator: "\n") + "\n").utf8, to: converted, durable: false)
      made.append(converted)
      self.files[index] = converted
    }
  }

  func remove() {
    for file in made { FileSystem.remove(file) }
  }
}
