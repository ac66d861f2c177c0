/// The help text of every command, each with an example; `help` prints it.
public enum CommandHelp {
  /// One command's help.
  public struct Entry: Sendable {
    /// The command word (`METHOD` for a request line).
    public var name: String
    /// Its forms.
    public var synopsis: [String]
    /// What it does.
    public var summary: String
    /// An example a user can type.
    public var example: String
  }

  /// Every command, in the order `help` lists them.
  public static let entries: [Entry] = [
    Entry(
      name: "load", synopsis: ["load SPEC [as NAME] [at /PREFIX]"],
      summary:
        "Load an app and make it current: a built-in name, cgi:PATH or python:MODULE:CALLABLE. With 'at', requests under the prefix go to it.",
      example: "load demo"),
    Entry(name: "use", synopsis: ["use NAME"], summary: "Make a loaded app the current one.", example: "use echo"),
    Entry(
      name: "METHOD", synopsis: ["METHOD /path?query", "METHOD /path <<END ... END", "METHOD /path @path"],
      summary:
        "Dispatch a request at once with the current headers and raw entries (any upper-case method). The draft's body, and its Content-Type and Content-Length, go with every method but GET, HEAD, DELETE, OPTIONS, TRACE and CONNECT; a here-document or @path after the target is this request's body alone.",
      example: "GET /api/items?limit=2"),
    Entry(name: "send", synopsis: ["send"], summary: "Dispatch the last request line again.", example: "send"),
    Entry(
      name: "curl", synopsis: ["curl [OPTIONS] URL"],
      summary:
        "Send a pasted curl command at once; a line ending in \\ goes on, and bash quoting works ($'...' too). Its headers, cookies and body are that request's alone: the draft is untouched. Options: -X -H -d --data-raw --data-binary --data-ascii --data-urlencode --json -F --form-string -G -b -u -A -e -r -I --url -L --compressed; network-only ones (-s -v -k -o --http2 ...) are accepted with a note. 'show curl [BASE_URL]' writes the last request as a curl command.",
      example: "curl -X POST http://localhost/api/items -H 'Content-Type: application/json' -d '{\"name\": \"kettle\"}'"
    ),
    Entry(
      name: "header", synopsis: ["header Name: value"],
      summary: "Send a header with the following requests (it becomes HTTP_NAME, or CONTENT_TYPE / CONTENT_LENGTH).",
      example: "header Accept: application/json"),
    Entry(name: "unheader", synopsis: ["unheader Name"], summary: "Stop sending a header.", example: "unheader Accept"),
    Entry(
      name: "body", synopsis: ["body TEXT", "body @path", "body <<END ... END", "body base64 <<END ... END", "body"],
      summary:
        "Set the request body: text, a file (relative to the session file), a here-document (each line ends in a newline; 'chomp <<END' drops the last), base64 bytes; a bare 'body' empties it.",
      example: "body user=alice&password=tea"),
    Entry(
      name: "form", synopsis: ["form NAME=VALUE", "form NAME=@path[;type=TYPE][;filename=NAME]"],
      summary:
        "Add a field to a multipart/form-data body, built as curl -F builds it (CRLF, a boundary found in no part, files streamed from disk). 'body' replaces the form, 'reset' clears it.",
      example: "form photo=@beach.jpg;type=image/jpeg"),
    Entry(
      name: "auth", synopsis: ["auth basic USER PASSWORD", "auth bearer TOKEN"],
      summary:
        "Send an Authorization header with the following requests: Basic with the base64 of USER:PASSWORD, or Bearer TOKEN. 'save --redact' hides it.",
      example: "auth basic alice {{password}}"),
    Entry(
      name: "set", synopsis: ["set KEY VALUE"],
      summary:
        "Set a raw environ entry, applied after the server's (wsgi.multithread true is a bool, wsgi.version (1, 0) a tuple, \"...\" a string).",
      example: "set REMOTE_USER alice"),
    Entry(
      name: "unset", synopsis: ["unset KEY"], summary: "Remove an environ entry the server would set.",
      example: "unset HTTP_HOST"),
    Entry(
      name: "reset", synopsis: ["reset"], summary: "Clear the request draft: headers, body and raw entries.",
      example: "reset"),
    Entry(
      name: "expect",
      synopsis: [
        "expect status CODE [REASON]", "expect header Name: value | ~ regex | !~ regex | absent | present",
        "expect body <<END | \"text\" | base64 <<END | @file | ~ regex | !~ regex | size N | sha256 HEX",
        "expect json PATH == VALUE | != | < | <= | > | >= VALUE | ~ regex | !~ regex | absent | present",
        "expect json PATH count == N | != | < | <= | > | >= N",
        "expect errors <<END | ~ regex | !~ regex | empty",
        "expect diagnostic ID [absent]", "expect chunks N",
      ],
      summary:
        "Check the last response; a failed check is reported with what came instead. A JSONPath selecting several nodes compares as an array of them, none as absent; what 'ignore' rules select is left out of 'expect body', 'expect json' and 'expect errors'.",
      example: "expect json $.items[0].name == \"teapot\""),
    Entry(
      name: "capture",
      synopsis: [
        "capture NAME header Name", "capture NAME json PATH", "capture NAME body ~ regex", "capture NAME cookie NAME",
      ],
      summary:
        "Keep a value of the last response as the variable {{NAME}} (the regex's first group), or a cookie's value from the jar.",
      example: "capture user json $.user"),
    Entry(
      name: "let", synopsis: ["let NAME VALUE"],
      summary: "Define a variable; {{NAME}} expands it, {{env.NAME}} reads the process environment.",
      example: "let user alice"),
    Entry(
      name: "show", synopsis: ["show env|request|response|trace|cookies|diff [--full]", "show response --raw"],
      summary:
        "Show the environ the next request gets, the request draft, the last response, its call trace, or the cookies."
        + " A gzip, deflate or br body is shown decoded; --raw shows its bytes as sent. 'show diff' shows what changed"
        + " since the same request was last sent (after a reload, say), as a replay would.",
      example: "show request"),
    Entry(
      name: "cookies", synopsis: ["cookies", "cookies clear", "cookies off", "cookies on"],
      summary: "Show or clear the cookie jar, or stop and restart sending back cookies apps set.",
      example: "cookies clear"),
    Entry(
      name: "follow", synopsis: ["follow on|off"],
      summary:
        "Follow redirects as a browser does (at most 10 hops, each shown and recorded); one to another host is not"
        + " sent to the app, and gwsh says so.",
      example: "follow on"),
    Entry(
      name: "ignore",
      synopsis: ["ignore header Name", "ignore json PATH", "ignore body ~ regex", "ignore errors ~ regex"],
      summary:
        "A value changes on every run (a request id, a CSRF token, a timestamp): from this line to the end of the session, recordings write it as <ignored> (a header by presence) and expect body, json and errors comparisons skip it. A regex with a group ignores the group only.",
      example: "ignore body ~ name=\"csrfmiddlewaretoken\" value=\"([^\"]+)\""),
    Entry(
      name: "redact", synopsis: ["redact header Name"],
      summary: "Have 'save --redact' replace the header's values with a variable.", example: "redact header X-Api-Key"),
    Entry(
      name: "save", synopsis: ["save FILE [--redact] [--force]"],
      summary:
        "Write the session so far as a runnable file, each response recorded as expect lines; --redact turns secrets into variables; --force replaces a file this session did not write.",
      example: "save shop.gws"),
    Entry(
      name: "source", synopsis: ["source FILE"], summary: "Run another session file's commands here.",
      example: "source login.gws"),
    Entry(
      name: "reload", synopsis: ["reload [NAME]"],
      summary:
        "Restart a Python app's worker and import the app again (default: the current app), keeping its name and mount; 'gwsh --reload' does it when a .py file changes.",
      example: "reload"),
    Entry(
      name: "debug", synopsis: ["debug"],
      summary:
        "After a request raised in a Python app, open pdb at the frame that raised (up, down, p, ll work); q returns to the shell. breakpoint() in an app opens pdb at the prompt as the request runs.",
      example: "debug"),
    Entry(
      name: "profile", synopsis: ["profile METHOD /path?query"],
      summary:
        "Dispatch a request to a Python app under cProfile and show its hottest functions (calls, own and cumulative time) after the exchange and its timings.",
      example: "profile GET /api/items"),
    Entry(
      name: "repeat", synopsis: ["repeat N METHOD /path?query"],
      summary:
        "Dispatch a request N times with the current draft and show count, min, p50, p90, p99, max and requests a second; Ctrl-C stops early and shows what was measured.",
      example: "repeat 100 GET /api/items"),
    Entry(
      name: "help", synopsis: ["help [COMMAND]"], summary: "List the commands, or explain one.", example: "help expect"),
    Entry(name: "quit", synopsis: ["quit"], summary: "Leave the shell (Ctrl-D too).", example: "quit"),
  ]

  /// The help for `topic`, or the list of commands when `nil`.
  /// - Parameters:
  ///   - topic: A command word; a method such as `GET` finds the request line.
  ///   - width: The columns to wrap to, at spaces, a description's continuation lines indented under its
  ///     first; `nil` keeps each paragraph on one line. Examples are never wrapped: they are typed or
  ///     pasted whole, and a line break in one would run it as two lines.
  /// - Returns: The text, without colour, lines ending in newlines.
  public static func text(for topic: String?, width: Int? = nil) -> String {
    guard let topic else {
      let nameWidth = entries.map(\.name.count).max() ?? 0
      var text = wrapped(
        "Commands (help COMMAND for more, # starts a comment, {{name}} expands a variable):", width: width)
      for entry in entries {
        let name = "  " + entry.name + String(repeating: " ", count: nameWidth - entry.name.count + 2)
        text += wrapped(name + entry.summary, width: width, indent: name.count)
      }
      return text + wrapped("Try: GET /   then   show response   then   help expect", width: width)
    }
    let key = CommandParser.isMethod(topic) ? "METHOD" : topic
    guard let entry = entries.first(where: { $0.name == key }) else {
      let suggestion = SessionParser.suggestion(for: topic).map { " Did you mean \($0)?" } ?? ""
      return wrapped("No command '\(topic)'.\(suggestion) 'help' lists them.", width: width)
    }
    return entry.synopsis.map { wrapped(form: "  " + $0, width: width) }.joined() + "\n"
      + wrapped(entry.summary, width: width) + "\nExample:\n  " + entry.example + "\n"
  }

  /// The fewest columns a description wraps to: in a narrower window, lines run past its edge
  /// rather than into columns one or two words wide.
  static let narrowestDescription = 24

  /// `line` broken at spaces into lines of at most `width` columns, each but the first starting with
  /// `indent` spaces; a word longer than a line stays whole. Every line ends in a newline.
  static func wrapped(_ line: String, width: Int?, indent: Int = 0) -> String {
    guard let width, line.count > width else { return line + "\n" }
    // Split at each space, so runs of spaces inside a line (its indent, "Try: GET /   then") are kept.
    return wrapped(words: line.split(separator: " ", omittingEmptySubsequences: false), width: width, indent: indent)
  }

  /// A command's form wrapped as ``wrapped(_:width:indent:)`` does, but only between its
  /// alternatives (`size N | sha256 HEX`), each line but the last ending in `|`, the next indented deeper.
  static func wrapped(form line: String, width: Int?) -> String {
    guard let width, line.count > width else { return line + "\n" }
    let alternatives = line.split(separator: " | ", omittingEmptySubsequences: false).map(String.init)
    let words = alternatives.indices.map { alternatives[$0] + ($0 < alternatives.count - 1 ? " |" : "") }
    return wrapped(words: words.map { Substring($0) }, width: width, indent: 4)
  }

  /// `words` joined by spaces into lines of at most `width` columns (or `indent` plus
  /// ``narrowestDescription``), each but the first starting with `indent` spaces.
  private static func wrapped(words: [Substring], width: Int, indent: Int) -> String {
    let limit = max(width, indent + narrowestDescription)
    let margin = String(repeating: " ", count: indent)
    var text = ""
    var current = ""
    var started = false
    for word in words {
      if !started {
        current = String(word)
        started = true
      } else if current.count + 1 + word.count <= limit {
        current += " " + word
      } else if !word.isEmpty {
        text += current.droppingTrailingSpaces + "\n"
        current = margin + word
      }
      // An empty word past the limit is a space at a break: the break replaces it.
    }
    return text + current + "\n"
  }
}

extension String {
  /// The string without the spaces it ends in.
  fileprivate var droppingTrailingSpaces: String {
    var text = self
    while text.last == " " { text.removeLast() }
    return text
  }
}
