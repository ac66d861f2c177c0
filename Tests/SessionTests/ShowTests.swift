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

  @Test("show env of a request to a mounted app splits SCRIPT_NAME and PATH_INFO where the app gets them split")
  func mountedSplit() throws {
    let engine = SessionEngine()
    _ = try run("load demo\nload echo at /api", engine: engine)
    for (target, pathInfo) in [("/api/items/2", "/items/2"), ("/api/caf%C3%A9?q=1", "/caf\u{C3}\u{A9}")] {
      let echoed = try run(
        "GET \(target)\ncapture script json $.environ.SCRIPT_NAME\ncapture path json $.environ.PATH_INFO",
        engine: engine)
      #expect(echoed.contains { if case .captured("script", "/api") = $0 { true } else { false } })
      #expect(echoed.contains { if case .captured("path", pathInfo) = $0 { true } else { false } })
      let shown = try #require(shownEnviron(try run("show env", engine: engine)))
      #expect(shown.string("SCRIPT_NAME") == "/api", "\(target)")
      #expect(shown.string("PATH_INFO") == pathInfo, "\(target)")
    }
    _ = try run("GET /other", engine: engine)
    let unmounted = try #require(shownEnviron(try run("show env", engine: engine)))
    #expect(unmounted.string("SCRIPT_NAME") == "")
    #expect(unmounted.string("PATH_INFO") == "/other")
  }
}
