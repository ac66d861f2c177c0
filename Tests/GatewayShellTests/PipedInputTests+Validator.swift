import Foundation
import Testing

/// The validator's findings on what real apps do right, end to end through `gwsh < commands`: a
/// finding that blames a correct app is noise a user learns to skip, and recorded by `save`.
extension PipedInputTests {
  /// A calendar server's answers, as Radicale gives them: a 207 Multi-Status of XML to
  /// PROPFIND and REPORT.
  static let davApp = #"""
    def application(environ, start_response):
        method = environ["REQUEST_METHOD"]
        start_response("207 Multi-Status", [("Content-Type", "text/xml; charset=utf-8")])
        return [b'<multistatus xmlns="DAV:"><response><href>%s</href></response></multistatus>'
                % method.encode("latin-1")]
    """#

  @Test("WebDAV's and CalDAV's methods are no unknown method to the validator; a made-up one still is")
  func davMethodsAreKnown() throws {
    let result = try run(
      "load python:dav:application\nPROPFIND /alice/\nREPORT /alice/cal/\nMKCALENDAR /alice/new/\nBREW /pot\n",
      files: ["dav.py": Self.davApp])
    for method in ["PROPFIND", "REPORT", "MKCALENDAR"] {
      #expect(result.output.contains("<href>\(method)</href>"), "\(result.output)")
    }
    let warnings = result.output.components(separatedBy: "environ.request-method")
    #expect(warnings.count == 2, "\(result.output)")
    #expect(result.output.contains("REQUEST_METHOD 'BREW' is not in IANA's HTTP Method Registry."))
  }
}

extension PipedInputTests {
  /// Answers as a calendar server does to a PUT (201 Created, an ETag, no body), and leaves
  /// out the Content-Type of a body, and of a HEAD's declared one, by mistake.
  static let untypedApp = #"""
    def application(environ, start_response):
        method = environ["REQUEST_METHOD"]
        if method == "PUT":
            environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
            start_response("201 Created", [("ETag", '"e1"')])
            return []
        if method == "HEAD":
            start_response("200 OK", [("Content-Length", "5")])
            return []
        start_response("200 OK", [])
        return [b"hello"]
    """#

  @Test("a response with an empty body needs no Content-Type; one with content, or a HEAD declaring some, does")
  func contentTypeOnlyForContent() throws {
    let result = try run(
      "load python:untyped:application\nPUT /cal/e1.ics <<END\nBEGIN:VCALENDAR\nEND\nexpect status 201\n"
        + "GET /hello\nHEAD /hello\n",
      files: ["untyped.py": Self.untypedApp])
    let created = try #require(result.output.range(of: "201 Created"))
    let got = try #require(result.output.range(of: "hello\n", range: created.upperBound..<result.output.endIndex))
    #expect(!result.output[created.upperBound..<got.lowerBound].contains("diagnostics"), "\(result.output)")
    #expect(result.output.contains("The 200 response has 5 bytes of content but no Content-Type header."))
    let missing = result.output.components(separatedBy: "header.content-type-missing")
    #expect(missing.count == 3, "\(result.output)")
  }
}
