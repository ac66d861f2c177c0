import Gateway
import Testing

/// An app that answers with its name, SCRIPT_NAME and PATH_INFO.
func named(_ name: String) -> ClosureApplication {
  app { environ, start in
    try start("200 OK", plainText)
    return ChunkedBody("\(name) \(environ.string("SCRIPT_NAME") ?? "-") \(environ.string("PATH_INFO") ?? "-")")
  }
}

@Suite("Mounting apps at path prefixes, as Werkzeug's DispatcherMiddleware does")
struct MountsTests {
  var mounts: Mounts {
    var mounts = Mounts(fallback: named("root"))
    mounts.mount(named("api"), at: "/api")
    mounts.mount(named("v2"), at: "/api/v2/")
    return mounts
  }

  @Test(
    "the longest mounted prefix wins and SCRIPT_NAME/PATH_INFO split there",
    arguments: [
      ("/api/items", "api /api /items"),
      ("/api", "api /api "),
      ("/api/", "api /api /"),
      ("/api/v2/users/7", "v2 /api/v2 /users/7"),
      ("/apiary", "root  /apiary"),
      ("/", "root  /"),
    ])
  func routes(path: String, answer: String) {
    #expect(dispatch(mounts, target: path).bodyText == answer)
  }

  @Test("without a fallback, an unmounted path answers 404")
  func noFallback() {
    var mounts = Mounts()
    mounts.mount(named("api"), at: "/api")
    #expect(dispatch(mounts, target: "/other").statusCode == 404)
  }

  @Test("route() tells which mount a path goes to")
  func route() {
    #expect(mounts.route("/api/v2/x")?.mount.prefix == "/api/v2")
    #expect(mounts.route("/nothing") == nil)
  }
}
