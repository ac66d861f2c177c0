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
