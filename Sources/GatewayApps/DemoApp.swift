import Gateway
import JSON

/// A small shop worth exploring on first launch: an HTML index, a JSON API, a
/// form, a login that sets a cookie, a streamed route and one that fails.
struct DemoApp: Application {
  // Its one pause (200 ms between stream ticks) ends at a gateway call, which sees a stop.
  var stopsWhenAsked: Bool { true }

  static let items: [(id: Int, name: String, price: Int)] = [
    (1, "teapot", 1800), (2, "kettle", 3500), (3, "mug", 650), (4, "strainer", 420), (5, "tray", 1200),
  ]

  func callAsFunction(_ environ: Environ, _ startResponse: StartResponse) throws -> any ResponseBody {
    let path = environ.string("PATH_INFO") ?? "/"
    let method = environ.requestMethod
    let query = environ.string("QUERY_STRING") ?? ""
    switch (method, path) {
    case ("GET", "/"), ("HEAD", "/"):
      return try html(startResponse, Self.indexPage)
    case ("GET", "/api/items"), ("HEAD", "/api/items"):
      return try itemList(query: query, startResponse)
    case (_, "/api/items"):
      return try methodNotAllowed(startResponse, allowed: "GET, HEAD")
    case ("GET", _) where path.hasPrefix("/api/items/"):
      return try item(String(path.dropFirst("/api/items/".count)), startResponse)
    case ("GET", "/form"):
      return try html(startResponse, Self.formPage)
    case ("POST", "/form"):
      return try submitForm(environ, startResponse)
    case ("POST", "/login"):
      return try login(environ, startResponse)
    case ("GET", "/me"):
      return try me(environ, startResponse)
    case ("POST", "/logout"):
      try startResponse(
        "303 See Other",
        [("Location", "/"), ("Set-Cookie", "session=; Max-Age=0; Path=/"), ("Content-Type", "text/plain")])
      return ChunkedBody("Logged out.\n")
    case ("GET", "/stream"):
      return try stream(query: query, startResponse)
    case ("GET", "/fail"):
      environ.errors?.write("demo: about to look up an order that does not exist\n")
      throw DemoError.orderMissing(42)
    case ("GET", "/old-items"):
      try startResponse("301 Moved Permanently", [("Location", "/api/items"), ("Content-Type", "text/plain")])
      return ChunkedBody("Moved to /api/items\n")
    default:
      try startResponse("404 Not Found", [("Content-Type", "application/json")])
      return ChunkedBody(JSONValue.object([("error", .string("no route for \(method) \(path)"))]).prettyText + "\n")
    }
  }

  enum DemoError: Error, CustomStringConvertible {
    case orderMissing(Int)
    var description: String {
      switch self {
      case .orderMissing(let id): return "DemoError: order \(id) does not exist"
      }
    }
  }

  private func html(_ startResponse: StartResponse, _ page: String) throws -> any ResponseBody {
    let bytes = Array(page.utf8)
    try startResponse(
      "200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", String(bytes.count))])
    return ChunkedBody([bytes])
  }

  private func json(
    _ startResponse: StartResponse, _ value: JSONValue, status: String = "200 OK",
    extra: [(String, String)] = []
  ) throws -> any ResponseBody {
    let bytes = Array((value.prettyText + "\n").utf8)
    try startResponse(
      status, [("Content-Type", "application/json"), ("Content-Length", String(bytes.count))] + extra)
    return ChunkedBody([bytes])
  }

  private func methodNotAllowed(_ startResponse: StartResponse, allowed: String) throws -> any ResponseBody {
    try json(
      startResponse, .object([("error", .string("method not allowed"))]), status: "405 Method Not Allowed",
      extra: [("Allow", allowed)])
  }

  private static func itemValue(_ item: (id: Int, name: String, price: Int)) -> JSONValue {
    .object([("id", .integer(item.id)), ("name", .string(item.name)), ("price_cents", .integer(item.price))])
  }

  private func itemList(query: String, _ startResponse: StartResponse) throws -> any ResponseBody {
    let limitText = FormData.value("limit", in: query)
    let limit = limitText.flatMap { Int($0) }
    if limitText != nil, limit == nil || limit! < 0 {
      return try json(
        startResponse, .object([("error", .string("limit must be a non-negative integer"))]),
        status: "400 Bad Request")
    }
    let shown = Self.items.prefix(limit ?? Self.items.count)
    return try json(
      startResponse,
      .object([("count", .integer(shown.count)), ("items", .array(shown.map(Self.itemValue)))]))
  }

  private func item(_ id: String, _ startResponse: StartResponse) throws -> any ResponseBody {
    guard let number = Int(id), let item = Self.items.first(where: { $0.id == number }) else {
      return try json(startResponse, .object([("error", .string("no item \(id)"))]), status: "404 Not Found")
    }
    return try json(startResponse, Self.itemValue(item))
  }

  private func submitForm(_ environ: Environ, _ startResponse: StartResponse) throws -> any ResponseBody {
    let length = environ.string("CONTENT_LENGTH").flatMap { Int($0) } ?? 0
    let body = try environ.input?.read(length) ?? []
    let fields = FormData.parse(String(decoding: body, as: UTF8.self))
    let rows = fields.map { "<li><b>\(FormData.html($0.0))</b>: \(FormData.html($0.1))</li>" }.joined()
    return try html(startResponse, "<!doctype html>\n<h1>Thanks!</h1>\n<ul>\(rows)</ul>\n")
  }

  private func login(_ environ: Environ, _ startResponse: StartResponse) throws -> any ResponseBody {
    let length = environ.string("CONTENT_LENGTH").flatMap { Int($0) } ?? 0
    let form = String(decoding: try environ.input?.read(length) ?? [], as: UTF8.self)
    let user = FormData.value("user", in: form) ?? ""
    guard !user.isEmpty, user.allSatisfy({ $0.isLetter || $0.isNumber }), FormData.value("password", in: form) == "tea"
    else {
      return try json(
        startResponse, .object([("error", .string("send user=NAME&password=tea"))]), status: "401 Unauthorized",
        extra: [("WWW-Authenticate", "Form")])
    }
    return try json(
      startResponse, .object([("user", .string(user)), ("logged_in", .bool(true))]),
      // A header value holds bytes as latin-1, as the environ does: the name goes out as its UTF-8.
      extra: [("Set-Cookie", "session=\(user); Path=/; HttpOnly".nativeFromUTF8)])
  }

  private func me(_ environ: Environ, _ startResponse: StartResponse) throws -> any ResponseBody {
    let cookies = (environ.string("HTTP_COOKIE") ?? "").split(separator: ";").map {
      $0.trimmingPrefix(" ")
    }
    guard let session = cookies.first(where: { $0.hasPrefix("session=") }), session.count > "session=".count else {
      return try json(
        startResponse, .object([("error", .string("not logged in: POST /login first"))]), status: "401 Unauthorized")
    }
    // The cookie arrives as the environ's native string: its bytes are the name's UTF-8.
    let user = String(session.dropFirst("session=".count)).clientText
    return try json(
      startResponse, .object([("user", .string(user)), ("orders", .array([.integer(1001), .integer(1002)]))]))
  }

  private func stream(query: String, _ startResponse: StartResponse) throws -> any ResponseBody {
    let count = FormData.value("count", in: query).flatMap { Int($0) }.map { min(max($0, 0), 1000) } ?? 5
    try startResponse("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
    var sent = 0
    return StreamingBody(next: {
      guard sent < count else { return nil }
      if sent > 0 { pause(.milliseconds(200)) }
      sent += 1
      return Array("tick \(sent) of \(count)\n".utf8)
    })
  }

  static let indexPage = """
    <!doctype html>
    <html><head><title>gwsh demo shop</title></head>
    <body>
    <h1>gwsh demo shop</h1>
    <ul>
    <li>GET <a href="/api/items">/api/items</a> (try ?limit=2) and /api/items/1</li>
    <li>GET <a href="/form">/form</a>, POST /form with a urlencoded body</li>
    <li>POST /login with user=NAME&amp;password=tea, then GET /me with the cookie</li>
    <li>GET <a href="/stream">/stream</a> (try ?count=3): chunks 200 ms apart</li>
    <li>GET <a href="/fail">/fail</a>: the app raises</li>
    <li>GET /old-items: a redirect</li>
    </ul>
    </body></html>

    """

  static let formPage = """
    <!doctype html>
    <form method="post" action="/form">
      <input name="name"> <input name="tea" value="sencha"> <button>Order</button>
    </form>

    """
}
