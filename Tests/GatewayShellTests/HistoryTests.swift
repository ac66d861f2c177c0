import Testing

@testable import GatewayShell

@Suite("The prompt's history keeps no secrets")
struct HistoryTests {
  @Test("credential headers, auth lines and the secret fields of bodies and queries reach the history as variables")
  func redacted() throws {
    let script = try ScriptedShell(lines: [
      "load echo", "header Authorization: Bearer abc123def", "redact header X-Api-Key", "header X-Api-Key: key-42",
      "header Accept: text/html", "body user=ada&password=hunter22", #"body {"token": "t-99", "n": 1}"#,
      "GET /login?user=ada&passwd=pw-77", "header Cookie: {{jar}}",
    ])
    _ = script.run()
    #expect(
      script.input.history == [
        "load echo", "header Authorization: {{authorization}}", "redact header X-Api-Key",
        "header X-Api-Key: {{x_api_key}}", "header Accept: text/html", "body user=ada&password={{password}}",
        #"body {"token": "{{token}}", "n": 1}"#, "GET /login?user=ada&passwd={{passwd}}", "header Cookie: {{jar}}",
      ])
  }
}
