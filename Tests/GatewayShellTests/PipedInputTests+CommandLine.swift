import Foundation
import Testing

@testable import GatewayShell

/// What `gwsh` says about its command line, and the shell's `help`, with standard output not a terminal.
extension PipedInputTests {
  @Test("help is wrapped to 80 columns between words, a description's next lines under its first")
  func helpWrapped() throws {
    let result = try run("help\nhelp expect\n")
    let lines = result.output.split(separator: "\n")
    #expect(lines.allSatisfy { $0.count <= 80 }, "\(result.output)")
    #expect(result.output.contains("or stop and restart sending back\n            cookies apps set.\n"))
    #expect(result.output.contains(" | ~ regex | !~ regex |\n    size N | sha256 HEX\n"))
  }

  @Test("a first word a letter or two from a subcommand is taken for it, not loaded as an app")
  func mistypedSubcommand() throws {
    let result = try run("", arguments: ["rn", "x.gws"])
    #expect(
      result.errors.hasPrefix(
        "Error: 'rn' is not an app or a command; did you mean 'gwsh run'?\n"))
    #expect(result.errors.contains("gwsh import FILE"))
    #expect(!result.output.contains("could not load"))
    #expect(result.status == 64)
    // A file where an app goes: the command that takes it.
    for (file, command) in [("login.gws", "run"), ("api.http", "run"), ("shop.har", "import")] {
      let named = try run("", arguments: [file])
      #expect(named.errors.hasPrefix("Error: '\(file)' is not an app or a command; did you mean 'gwsh \(command)'?\n"))
    }
    let app = try run("", arguments: ["echo"])
    #expect(app.output.contains("loaded echo"))
    #expect(app.status == 0)
  }

  @Test("an unknown app for gwsh cgi is shown with gwsh cgi's usage")
  func cgiUsage() throws {
    let result = try run("", arguments: ["cgi", "nosuch"])
    #expect(
      result.errors.hasPrefix("Error: no built-in app named 'nosuch'; 'gwsh apps' lists them\nUsage: gwsh cgi <app>"))
    #expect(!result.errors.contains("gwsh run"))
    #expect(result.status == 64)
  }

  @Test("gwsh --version prints the name and the version")
  func version() throws {
    let result = try run("", arguments: ["--version"])
    #expect(result.output == "gwsh \(GatewayShellCommand.version)\n")
    #expect(result.status == 0)
  }

  @Test("gwsh --help's usage has every form and option of README's Usage block, in lines of 80 columns")
  func usageMatchesReadme() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().path
    let readme = try String(contentsOfFile: root + "/README.md", encoding: .utf8)
    let block =
      try #require(readme.components(separatedBy: "## Usage\n\n```\n").dropFirst().first)
      .components(separatedBy: "```").first ?? ""
    let help = try run("", arguments: ["--help"]).output
    let start = try #require(help.range(of: "USAGE: ")).lowerBound
    let usage = help[start...].components(separatedBy: "\n\n").first ?? ""
    #expect(usage.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(usage)")
    // Each form: its first two words (`gwsh import`, `gwsh <`); each option, wherever the README names it.
    let forms = block.split(separator: "\n").filter { $0.hasPrefix("gwsh ") }.map {
      $0.split(separator: " ").prefix(2).joined(separator: " ")
    }
    #expect(forms.count >= 7)
    for form in forms { #expect(usage.contains(form), "\(form)") }
    let options = block.split(whereSeparator: { " (,;".contains($0) }).filter { $0.hasPrefix("--") }
    for option in options { #expect(usage.contains(option), "\(option)") }
  }
}
