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
}
