import Testing

extension PipedInputTests {
  /// An app that checks CSRF as Django does: the login sets a `csrftoken` cookie (with Django's
  /// leading space and attributes) on a redirect, and a POST must send its value back in `X-CSRFToken`.
  static let csrfApp = """
    from http.cookies import SimpleCookie

    def application(environ, start_response):
        path, method = environ["PATH_INFO"], environ["REQUEST_METHOD"]
        if path == "/login" and method == "POST":
            start_response("302 Found", [
                ("Location", "/"),
                ("Set-Cookie", " csrftoken=Tok3n; expires=Tue, 07 Dec 2027 02:47:12 GMT; Max-Age=31449600; Path=/; SameSite=Lax"),
                ("Set-Cookie", " sessionid=s1; HttpOnly; Path=/"),
            ])
            return [b""]
        if path == "/api" and method == "POST":
            jar = SimpleCookie(environ.get("HTTP_COOKIE", ""))
            sent = environ.get("HTTP_X_CSRFTOKEN")
            if "csrftoken" in jar and sent == jar["csrftoken"].value:
                start_response("201 Created", [("Content-Type", "text/plain")])
                return [b"created\\n"]
            start_response("403 Forbidden", [("Content-Type", "text/plain")])
            return [b"CSRF Failed: got %r\\n" % sent]
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"home\\n"]
    """

  @Test("capture NAME cookie NAME takes a cookie's value from the jar, after a followed redirect too")
  func captureCookie() throws {
    let result = try run(
      """
      load python:csrf:application
      follow on
      POST /login
      capture token cookie csrftoken
      header X-CSRFToken: {{token}}
      POST /api
      expect status 201
      capture missing cookie nope
      capture bare cookie

      """, files: ["csrf.py": Self.csrfApp])
    // The value alone, without the attributes, so the app's check passes.
    #expect(result.output.contains("token = Tok3n\n"), "\(result.output)")
    #expect(result.output.contains("201 Created"))
    #expect(result.output.contains("created"))
    #expect(!result.output.contains("CSRF Failed"))
    // A cookie the jar does not hold is an error naming it; a missing name says what was expected.
    #expect(result.output.contains("could not capture 'missing': the cookie jar holds no cookie named nope"))
    #expect(result.output.contains("a cookie name after 'cookie'"))
    #expect(result.status == 1)
  }
}
