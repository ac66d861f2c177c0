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
  /// `METHOD /path?query`: dispatch at once.
  case request(method: String, target: Template)
  /// `send`: dispatch the last request line again with the current draft.
  case send
  /// `expect ...`: check the last response.
  case expect(Expectation)
  /// `capture NAME ...`: keep a value of the last response as a variable.
  case capture(name: String, source: CaptureSource)
  /// `show env|request|response|trace|cookies [--full]`.
  case show(ShowTopic, full: Bool)
  /// `reset`: clear the request draft (headers, body, raw entries).
  case reset
  /// `save FILE [--redact]`: write the session so far as a runnable file.
  case save(path: String, redact: Bool)
  /// `help [COMMAND]`.
  case help(String?)
  /// `let NAME VALUE`: define a variable.
  case letVariable(name: String, value: Template)
  /// `source FILE`: the statements of another file, parsed with this one.
  case source(path: String, statements: [Statement])
  /// `ignore header Name`: the header's value changes on every run; record and compare it only by presence.
  case ignoreHeader(String)
  /// `redact header Name`: `save --redact` replaces the header's values with a variable.
  case redactHeader(String)
  /// `cookies`, `cookies clear`, `cookies off`, `cookies on`.
  case cookies(CookieAction)
  /// `follow on|off`: follow redirects.
  case follow(Bool)
  /// `quit`: the shell ends; a file ends here.
  case quit
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

/// What `expect` checks.
public enum Expectation: Sendable, Equatable {
  /// `expect status 200 [Reason]`.
  case status(code: Int, reason: String?)
  /// `expect header Name: value`, `~ regex`, `!~ regex`, `absent`, `present`.
  case header(name: String, check: TextCheck)
  /// `expect body <<END`, `"text"`, `base64 <<END`, `@file`, `~ regex`, `!~ regex`, `size N`, `sha256 HEX`.
  case body(BodyCheck)
  /// `expect json PATH == VALUE`, `!= VALUE`, `~ regex`, `!~ regex`, `absent`, `present`.
  case json(path: JSONPath, check: JSONCheck)
  /// `expect errors <<END`, `~ regex`, `!~ regex`, `empty`.
  case errors(TextCheck)
  /// `expect diagnostic ID [absent]`: the validator did (or did not) report the rule.
  case diagnostic(id: String, present: Bool)
  /// `expect chunks N`: the body arrived in this many chunks, for a streamed response.
  case chunks(Int)
}

/// A check on a piece of text.
public enum TextCheck: Sendable, Equatable {
  /// Equal to the text.
  case equals(Template)
  /// Holds a match of the pattern.
  case matches(Pattern)
  /// Holds no match of the pattern.
  case notMatches(Pattern)
  /// There is none (a header) or it is empty (the errors output).
  case absent
  /// There is one.
  case present
}

/// A check on the response body.
public enum BodyCheck: Sendable, Equatable {
  /// Equal, byte for byte.
  case equals(BodySource)
  /// Holds a match of the pattern.
  case matches(Pattern)
  /// Holds no match of the pattern.
  case notMatches(Pattern)
  /// Exactly this many bytes.
  case size(Int)
  /// This SHA-256, in hex: how a body too large to record is recorded.
  case sha256(String)
}

/// A check on the value at a JSONPath.
public enum JSONCheck: Sendable, Equatable {
  /// Equal to the JSON literal.
  case equals(Template)
  /// Not equal to the JSON literal.
  case notEquals(Template)
  /// The value (a string without its quotes, anything else as compact JSON) holds a match.
  case matches(Pattern)
  /// The value holds no match.
  case notMatches(Pattern)
  /// Nothing at the path.
  case absent
  /// Something at the path.
  case present
}

/// Where `capture` takes its value from.
public enum CaptureSource: Sendable, Equatable {
  /// The first value of a response header.
  case header(String)
  /// The value at a JSONPath of the JSON body (strings without quotes).
  case json(JSONPath)
  /// The first group (or the whole match) of a pattern in the body.
  case body(Pattern)
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
