/// One rule the gateway checks, with a stable id a user can search for and the
/// PEP 3333 section it comes from.
public struct Rule: Sendable, Hashable, CustomStringConvertible {
  /// The stable id, such as `status.format`.
  public let id: String
  /// How much breaking it matters.
  public let severity: Diagnostic.Severity
  /// The PEP 3333 section (or RFC) the rule comes from.
  public let section: String
  /// What the rule asks, in a sentence.
  public let summary: String

  init(_ id: String, _ severity: Diagnostic.Severity, _ section: String, _ summary: String) {
    self.id = id
    self.severity = severity
    self.section = section
    self.summary = summary
  }

  public var description: String { id }

  /// The document and section the rule comes from, as a diagnostic cites it:
  /// `PEP 3333: Unicode Issues`, or `RFC 3875 §6` for a rule of the CGI
  /// specification, which is no part of PEP 3333.
  public var citation: String {
    section.hasPrefix("RFC ") ? section : "PEP 3333: " + section
  }

  public static func == (lhs: Rule, rhs: Rule) -> Bool { lhs.id == rhs.id }
  public func hash(into hasher: inout Hasher) { hasher.combine(id) }

  /// Finds a rule by its id.
  public static func named(_ id: String) -> Rule? { all.first { $0.id == id } }
}

// The catalog. Ids are part of the contract: scenario files and users refer to them.
extension Rule {
  static let environSection = "environ Variables"
  static let startResponseSection = "The start_response() Callable"
  static let streamsSection = "Input and Error Streams"
  static let bufferingSection = "Buffering and Streaming"
  static let errorSection = "Error Handling"
  static let writeSection = "The write() Callable"
  static let httpSection = "Other HTTP Features"
  static let unicodeSection = "Unicode Issues"
  static let specSection = "Specification Details"

  // The environ the server built (what the user composed).
  public static let environMissingKey = Rule(
    "environ.missing-key", .error, environSection, "The environ holds every required key.")
  public static let environType = Rule(
    "environ.type", .error, environSection,
    "CGI keys hold native strings; wsgi.version is a tuple; wsgi.multithread, wsgi.multiprocess and wsgi.run_once are bools."
  )
  public static let environHTTPContentHeaders = Rule(
    "environ.http-content-headers", .error, environSection,
    "Content-Type and Content-Length arrive as CONTENT_TYPE and CONTENT_LENGTH, never as HTTP_CONTENT_TYPE or HTTP_CONTENT_LENGTH."
  )
  public static let environVersion = Rule(
    "environ.wsgi-version", .warning, environSection, "wsgi.version is (1, 0).")
  public static let environURLScheme = Rule(
    "environ.url-scheme", .warning, environSection, "wsgi.url_scheme is http or https.")
  public static let environRequestMethod = Rule(
    "environ.request-method", .warning, environSection,
    "REQUEST_METHOD is a method of IANA's HTTP Method Registry (GET, POST, WebDAV's PROPFIND, CalDAV's REPORT ...).")
  public static let environScriptName = Rule(
    "environ.script-name", .error, environSection,
    "SCRIPT_NAME is empty or starts with '/', and is never '/' alone.")
  public static let environPathInfo = Rule(
    "environ.path-info", .error, environSection, "PATH_INFO is empty or starts with '/'.")
  public static let environEmptyPath = Rule(
    "environ.empty-path", .warning, environSection, "SCRIPT_NAME and PATH_INFO are not both empty.")
  public static let environContentLength = Rule(
    "environ.content-length", .error, environSection, "CONTENT_LENGTH is empty or a non-negative integer.")
  public static let environLatin1 = Rule(
    "environ.latin-1", .error, unicodeSection, "Native strings in the environ hold only code points U+0000 to U+00FF.")
  public static let requestBodyIgnored = Rule(
    "request.body-without-length", .warning, streamsSection,
    "A request body is only readable up to CONTENT_LENGTH; without it the app reads nothing.")
  public static let requestHeaderUnderscore = Rule(
    "request.header-underscore", .warning, environSection,
    "A header name with '_' is dropped, so X_Auth cannot pose as X-Auth once both become HTTP_X_AUTH.")

  // start_response.
  public static let startResponseTwice = Rule(
    "start-response.twice", .error, startResponseSection,
    "start_response is called once, or again only with exc_info.")
  public static let startResponseMissing = Rule(
    "start-response.missing", .error, startResponseSection,
    "start_response is called before the first body chunk is yielded.")
  public static let startResponseExcInfoAfterHeaders = Rule(
    "start-response.exc-info-after-headers", .error, errorSection,
    "start_response with exc_info after the headers went out re-raises the error; the response is cut short.")
  public static let startResponseExcInfoReplaced = Rule(
    "start-response.exc-info-replaced", .info, errorSection,
    "start_response with exc_info before the headers went out replaces the status and headers.")
  public static let startResponseArguments = Rule(
    "start-response.arguments", .error, startResponseSection,
    "start_response takes a str status, a list of (str, str) tuples and an optional exc_info tuple.")

  // The status line.
  public static let statusFormat = Rule(
    "status.format", .error, startResponseSection,
    "The status is a three-digit code of 100 or more, a space and a reason phrase, such as '200 OK'.")
  public static let statusReason = Rule(
    "status.reason", .warning, startResponseSection, "The status carries a reason phrase after its code.")
  public static let statusCharacters = Rule(
    "status.characters", .error, startResponseSection,
    "The status holds no control characters (CR and LF included) and only latin-1 code points.")

  // Response headers.
  public static let headerName = Rule(
    "header.name", .error, startResponseSection,
    "A header name is an HTTP token: letters, digits and !#$%&'*+-.^_`|~, not ending in '-' or '_'.")
  public static let headerStatus = Rule(
    "header.status", .error, startResponseSection,
    "No header is named Status: the status goes in the status argument.")
  public static let headerValueCRLF = Rule(
    "header.value-crlf", .error, startResponseSection,
    "A header value holds no CR or LF: a server that passed them on would split the response.")
  public static let headerValueControl = Rule(
    "header.value-control", .error, startResponseSection,
    "A header value holds no control characters.")
  public static let headerLatin1 = Rule(
    "header.latin-1", .error, unicodeSection, "Header names and values hold only latin-1 code points.")
  public static let headerHopByHop = Rule(
    "header.hop-by-hop", .error, httpSection,
    "An app sends no hop-by-hop header (Connection, Keep-Alive, Proxy-Authenticate, Proxy-Authorization, TE, Trailer(s), Transfer-Encoding, Upgrade)."
  )
  public static let headerContentTypeMissing = Rule(
    "header.content-type-missing", .error, startResponseSection,
    "A response with content has a Content-Type header; one with an empty body needs none.")
  public static let headerContentTypeForbidden = Rule(
    "header.content-type-forbidden", .error, startResponseSection,
    "A 1xx, 204 or 304 response, which has no body, has no Content-Type.")
  public static let headerDuplicate = Rule(
    "header.duplicate", .error, httpSection,
    "Content-Type, Content-Length and Location appear at most once.")
  public static let headerContentLength = Rule(
    "header.content-length", .error, httpSection, "Content-Length is a non-negative integer.")

  // The body.
  public static let bodyNotBytes = Rule(
    "body.not-bytes", .error, specSection, "Every body chunk, and every argument to write(), is a bytestring.")
  public static let bodyIterableIsString = Rule(
    "body.iterable-is-string", .error, specSection,
    "The app returns an iterable of bytestrings, not one str or bytes (which would be sent a character at a time).")
  public static let bodyShorterThanLength = Rule(
    "body.shorter-than-content-length", .error, httpSection,
    "The body has as many bytes as Content-Length says; a client waits for the missing ones.")
  public static let bodyLongerThanLength = Rule(
    "body.longer-than-content-length", .error, httpSection,
    "The body has no more bytes than Content-Length says; a server must not send the extra ones.")
  public static let bodyForbidden = Rule(
    "body.forbidden", .error, httpSection, "A 1xx, 204 or 304 response has an empty body.")
  public static let bodyOnHead = Rule(
    "body.head", .info, httpSection, "A server sends no body in answer to HEAD; the app's body bytes were dropped.")
  public static let writeBeforeStartResponse = Rule(
    "write.before-start-response", .error, writeSection, "write() is only called after start_response.")
  public static let writeUsed = Rule(
    "write.used", .info, writeSection,
    "The write() callable exists for legacy frameworks; new apps return an iterable instead.")

  // wsgi.input and wsgi.errors.
  public static let inputClosed = Rule(
    "input.close", .error, streamsSection, "An app never calls wsgi.input.close().")
  public static let inputReadWithoutSize = Rule(
    "input.read-without-size", .warning, streamsSection,
    "wsgi.input.read() without a size is allowed by PEP 3333 but refused by wsgiref.validate and by some servers; pass a size."
  )
  public static let inputReadPastLength = Rule(
    "input.read-past-length", .info, streamsSection,
    "An app does not ask for bytes past CONTENT_LENGTH; the server answered with end of file.")
  public static let errorsClosed = Rule(
    "errors.close", .error, streamsSection, "An app never calls wsgi.errors.close().")
  public static let errorsNotString = Rule(
    "errors.not-string", .error, streamsSection, "wsgi.errors is a text stream: write() takes a str.")

  // What happened to the app.
  public static let appErrorBeforeHeaders = Rule(
    "app.error-before-headers", .error, errorSection,
    "The app raised before the headers went out; the server answered 500 in its place.")
  public static let appErrorAfterHeaders = Rule(
    "app.error-after-headers", .error, errorSection,
    "The app raised after the headers went out; the response was cut short.")
  public static let appCloseFailed = Rule(
    "app.close-failed", .error, specSection, "The body's close() completes without raising.")
  public static let dispatchStopped = Rule(
    "dispatch.stopped", .error, specSection,
    "An app answers within the timeout and with a bounded body; this one was stopped.")

  // CGI programs and bridges (the AppLoaders target reports these).
  public static let cgiHTTPProxy = Rule(
    "cgi.httpoxy", .warning, "RFC 3875 §4.1.18; httpoxy",
    "A Proxy request header never reaches a CGI program as HTTP_PROXY, which programs take for their outgoing proxy."
  )
  public static let cgiResponseMalformed = Rule(
    "cgi.response-malformed", .error, "RFC 3875 §6",
    "A CGI response is header lines, a blank line, then the body; Status, Content-Type and Location appear at most once; Status is a three-digit code and a reason."
  )
  public static let cgiLocalRedirect = Rule(
    "cgi.local-redirect", .info, "RFC 3875 §6.2.2",
    "A CGI response of only Location: /path is a local redirect: the server fetches that path itself, as GET.")

  public static let cgiProgramRefused = Rule(
    "cgi.program-refused", .warning, "RFC 3875 §4.1; web server conventions",
    "A CGI program that answers with its own error page about its environment (php-cgi's 'No input file specified.') is told what it lacks."
  )

  /// Every rule, in the order the README's table lists them.
  public static let all: [Rule] = [
    environMissingKey, environType, environHTTPContentHeaders, environVersion, environURLScheme,
    environRequestMethod, environScriptName, environPathInfo, environEmptyPath, environContentLength,
    environLatin1, requestBodyIgnored, requestHeaderUnderscore,
    startResponseTwice, startResponseMissing, startResponseExcInfoAfterHeaders, startResponseExcInfoReplaced,
    startResponseArguments, statusFormat, statusReason, statusCharacters,
    headerName, headerStatus, headerValueCRLF, headerValueControl, headerLatin1, headerHopByHop,
    headerContentTypeMissing, headerContentTypeForbidden, headerDuplicate, headerContentLength,
    bodyNotBytes, bodyIterableIsString, bodyShorterThanLength, bodyLongerThanLength, bodyForbidden, bodyOnHead,
    writeBeforeStartResponse, writeUsed,
    inputClosed, inputReadWithoutSize, inputReadPastLength, errorsClosed, errorsNotString,
    appErrorBeforeHeaders, appErrorAfterHeaders, appCloseFailed, dispatchStopped,
    cgiHTTPProxy, cgiResponseMalformed, cgiLocalRedirect, cgiProgramRefused,
  ]
}
