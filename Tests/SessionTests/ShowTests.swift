import Gateway
import Session
import Testing

@Suite("show env and show request: what the next request carries")
struct ShowTests {
  /// The environ `show env` printed last.
  func shownEnviron(_ events: [SessionEvent]) -> Environ? {
    guard case .show(.environ(let environ))? = events.last else { return nil }
    return environ
  }

  @Test("show env holds the HTTP_COOKIE the jar sends, joined to a Cookie header the draft sets, as the app gets it")
  func cookieFromTheJar() throws {
    let engine = SessionEngine()
    _ = try run(
      """
      load demo
      header Content-Type: application/x-www-form-urlencoded
      body user=ada&password=tea
      POST /login
      body
      unheader Content-Type
      """, engine: engine)
    let afterLogin = try #require(shownEnviron(try run("show env", engine: engine)))
    #expect(afterLogin.string("HTTP_COOKIE") == "session=ada")

    _ = try run("header Cookie: theme=dark", engine: engine)
    let withOwn = try #require(shownEnviron(try run("show env", engine: engine)))
    #expect(withOwn.string("HTTP_COOKIE") == "theme=dark; session=ada")
    guard case .show(.request(let preview))? = try run("show request", engine: engine).last else {
      Issue.record("show request showed no request")
      return
    }
    #expect(preview.headers.filter { $0.name == "Cookie" }.map(\.value) == ["theme=dark; session=ada"])

    // What the app then gets is what was shown.
    _ = try run("load echo as mirror", engine: engine)
    let shown = try #require(shownEnviron(try run("show env", engine: engine)))
    #expect(shown.string("HTTP_COOKIE") == "theme=dark", "the jar's cookie belongs to demo, not to mirror")
    let echoed = try run("GET /\ncapture got json $.environ.HTTP_COOKIE", engine: engine)
    #expect(echoed.contains { if case .captured("got", "theme=dark") = $0 { true } else { false } })

    _ = try run("use demo\nunheader Cookie\ncookies off", engine: engine)
    let off = try #require(shownEnviron(try run("show env", engine: engine)))
    #expect(off["HTTP_COOKIE"] == nil)
  }
}
