import AppLoaders
import Gateway
import GatewayApps
import Session
import Testing

@testable import GatewayShell

@Suite("Embedding the shell")
struct EmbeddingTests {
  @Test("an embedding program's apps load by name next to the built-ins, replacing one of the same name")
  func embeddedApps() throws {
    let hello = ClosureApplication { _, startResponse in
      try startResponse("200 OK", [("Content-Type", "text/plain")])
      return ChunkedBody("hello from the embedding program\n")
    }
    GatewayShell.configure(apps: [BuiltinApps.Entry(name: "hello", summary: "says hello", app: hello)])
    defer { GatewayShell.configure(apps: []) }
    #expect(ShellConfiguration.apps.map(\.name) == BuiltinApps.all.map(\.name) + ["hello"])
    let loader = AppLoader(options: LoadOptions(workingDirectory: "/"), builtins: ShellConfiguration.apps)
    let output = CapturedOutput()
    let shell = Shell(
      engine: SessionEngine(loader: loader),
      input: ScriptedInput(lines: ["load hello", "GET /"]),
      output: output, style: .plain, journal: nil, appNames: ShellConfiguration.apps.map(\.name))
    shell.run()
    #expect(output.contents.contains("hello from the embedding program"))
    #expect(shell.completer.appNames.contains("hello"))
  }
}
