import JSON

/// One command of the session language, parsed and checked, its variables not yet expanded.
public enum Command: Sendable, Equatable {
  /// `load SPEC [as NAME] [at /PREFIX]`: load an app and make it current.
  case load(spec: String, name: String?, prefix: String?)
  /// `use NAME`: make a loaded app current.
  case use(String)
  /// `set KEY VALUE`: a raw environ entry for the following requests.
  case set(key: String, value: Template)
  /// `unset KEY`: remove an environ entry the server would set.
  case unset(String)
  /// `header Name: value`: a request header for the following requests.
  case header(name: String, value: Template)
  /// `unheader Name`: drop a request header.
  case unheader(String)
  /// `body TEXT`, `body @path`, `body <<END`, `body base64 <<END`; `nil` (a bare `body`) empties it.
  case body(BodySource?)
  /// `METHOD /path?query`: dispatch at once; `own` is what the line carries for this request alone
  /// (`METHOD /path <<END`, `METHOD /path @file`, or a whole `curl ...` command).
  case request(method: String, target: Template, own: OwnRequestParts? = nil)
  /// `send`: dispatch the last request line again with the current draft.
  case send
  /// `expect ...`: check the last response.
  case expect(Expectation)
  /// `capture NAME ...`: keep a value of the last response as a variable.
  case capture(name: String, source: CaptureSource)
  /// `show env|request|response|trace|cookies [--full]`; `show response --raw` shows a coded body as sent.
  case show(ShowTopic, full: Bool, raw: Bool = false)
  /// `reset`: clear the request draft (headers, body, raw entries).
  case reset
  /// `save FILE [--redact] [--force]`: write the session so far as a runnable file; `--force`
  /// replaces a file this session did not write.
  case save(path: String, redact: Bool, force: Bool = false)
  /// `help [COMMAND]`.
  case help(String?)
  /// `let NAME VALUE`: define a variable.
  case letVariable(name: String, value: Template)
  /// `source FILE`: the statements of another file, parsed with this one.
  case source(path: String, statements: [Statement])
  /// `ignore header Name`, `ignore json PATH`, `ignore body ~ regex`, `ignore errors ~ regex`: a value that
  /// changes on every run, left out of recordings and comparisons from here on.
  case ignore(IgnoreRule)
  /// `redact header Name`: `save --redact` replaces the header's values with a variable.
  case redactHeader(String)
  /// `cookies`, `cookies clear`, `cookies off`, `cookies on`.
  case cookies(CookieAction)
  /// `follow on|off`: follow redirects.
  case follow(Bool)
  /// `quit`: the shell ends; a file ends here.
  case quit
  /// `reload [NAME]`: restart a Python app's worker and import the app again, keeping its name and mount.
  case reload(String?)
  /// `repeat N METHOD /path`: dispatch a request N times and show how long each took.
  case repeatRequest(count: Int, method: String, target: Template)
  /// `debug`: pdb post-mortem on the exception the last Python request raised (at the shell's terminal).
  case debug
  /// `profile METHOD /path`: dispatch a request with a Python app's profiler on (the shell shows the profile).
  case profile(method: String, target: Template)
  /// `show curl [BASE_URL]`: the last request as a curl command for a real server.
  case showCurl(baseURL: String?)
  /// `form NAME=VALUE`, `form NAME=@path[;type=T][;filename=F]`: a field of a multipart form body.
  case form(name: String, value: FormValue)
  /// `auth basic USER PASSWORD`, `auth bearer TOKEN`: the Authorization header of the following requests.
  case auth(Authorization)
}

/// What a request line carries for that request alone, beside (or instead of) the draft.
public enum OwnRequestParts: Sendable, Equatable {
  /// `METHOD /path <<END ... END` or `METHOD /path @file`: this request's body; the draft's headers still apply.
  case body(BodySource)
  /// `curl ...`: the whole request, sent as written; the draft is neither applied nor changed.
  case curl(CurlRequest)
}

/// A `form` field's value.
public enum FormValue: Sendable, Equatable {
  /// Text, variables expanded when sent.
  case text(Template)
  /// A file uploaded as it is, read when sent; its Content-Type and file name, when given.
  case file(path: String, type: String?, filename: String?)
}

/// What `auth` sends.
public enum Authorization: Sendable, Equatable {
  /// `Basic` with the base64 of `user:password`.
  case basic(user: Template, password: Template)
  /// `Bearer TOKEN`.
  case bearer(Template)
}

/// Where a body comes from.
public enum BodySource: Sendable, Equatable {
  /// Text (the rest of the line, or a here-document), as UTF-8.
  case text(Template)
  /// A file, read when the request is dispatched; the path is resolved against the session file.
  case file(path: String)
  /// Bytes written as base64 (`base64 <<END`), for a binary body.
  case bytes([UInt8])
}

/// Where `capture` takes its value from.
public enum CaptureSource: Sendable, Equatable {
  /// The first value of a response header.
  case header(String)
  /// The value at a JSONPath of the JSON body (strings without quotes).
  case json(JSONPath)
  /// The first group (or the whole match) of a pattern in the body.
  case body(Pattern)
  /// The value of a cookie in the jar: what a response set, even one a redirect that was
  /// followed left behind, without the attributes (Django's `csrftoken` for its `X-CSRFToken`).
  case cookie(String)
}

/// What `show` shows.
public enum ShowTopic: String, Sendable, Equatable, CaseIterable {
  /// The environ the next request would get.
  case env
  /// The request draft.
  case request
  /// The last response.
  case response
  /// The last exchange's call trace.
  case trace
  /// The cookie jar.
  case cookies
  /// What changed between the last answer and the one before it to the same request.
  case diff
}

/// What `cookies` does.
public enum CookieAction: String, Sendable, Equatable {
  /// Show the jar.
  case show
  /// Empty the jar.
  case clear
  /// Stop sending and storing cookies.
  case off
  /// Send and store cookies again.
  case on
}

/// A regular expression, checked when parsed (unless it holds variables).
public struct Pattern: Sendable, Hashable, CustomStringConvertible {
  /// The pattern as written.
  public var source: Template

  public var description: String { source.text }
}
