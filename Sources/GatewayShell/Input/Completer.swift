import Platform

/// What Tab offers, from the words before the cursor: command names, app
/// specs after `load`/`use` (after `python:MODULE:`, the module's top-level names), environ keys after `set`/`unset`, header names
/// after `header`/`unheader`, HTTP methods, and file paths after `@` and `save`.
///
/// A value holding a snapshot of the shell's state, so readline can ask it
/// without touching the shell.
struct Completer: Sendable, Equatable {
  /// The commands, as typed first on a line.
  var commands: [String]
  /// The apps `load` knows by name: the built-ins and any embedded ones.
  var appNames: [String]
  /// The names of the apps loaded in this session, for `use`.
  var loadedNames: [String] = []
  /// Environ keys worth offering after `set`/`unset`.
  var environKeys: [String] = Completer.standardEnvironKeys
  /// Header names worth offering after `header`/`unheader`.
  var headerNames: [String] = Completer.standardHeaderNames
  /// Where relative paths start.
  var directory = "."
  /// Whether Tab completes at all; inside a here-document it types a tab instead.
  var isEnabled = true

  /// HTTP's methods, and WebDAV's and CalDAV's, which servers such as Radicale answer on every request.
  static let methods = [
    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT",
    "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "REPORT", "MKCALENDAR", "SEARCH",
  ]
  static let appSchemes = ["cgi:", "python:"]
  static let standardEnvironKeys = [
    "CONTENT_LENGTH", "CONTENT_TYPE", "HTTPS", "PATH_INFO", "QUERY_STRING", "REMOTE_ADDR", "REMOTE_USER",
    "REQUEST_METHOD", "SCRIPT_NAME", "SERVER_NAME", "SERVER_PORT", "SERVER_PROTOCOL", "wsgi.url_scheme",
    "wsgi.multithread", "wsgi.multiprocess", "wsgi.run_once",
  ]
  static let standardHeaderNames = [
    "Accept", "Accept-Encoding", "Accept-Language", "Authorization", "Cache-Control", "Content-Type", "Cookie",
    "Host", "If-Match", "If-Modified-Since", "If-None-Match", "Origin", "Referer", "User-Agent", "X-Forwarded-For",
    "X-Requested-With",
  ]
  static let subcommands: [String: [String]] = [
    "show": ["env", "request", "response", "trace", "cookies", "diff", "curl"],
    "expect": ["status", "header", "body", "json", "errors"],
    "help": [],
  ]

  /// A set of completions.
  struct Completions: Equatable {
    /// The words that complete the one being typed.
    var matches: [String]
    /// Whether a unique match is a finished word (followed by a space) or a prefix to go on from.
    var isFinished: Bool
  }

  /// The completions of the word ending at the cursor.
  /// - Parameters:
  ///   - word: The word being completed, as readline split it.
  ///   - before: The text of the line before that word.
  func complete(_ word: String, after before: String) -> Completions {
    let words = before.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    if before.hasSuffix("@") { return paths(word) }
    guard let command = words.first else {
      // Methods are upper case and commands lower case, so `hea` completes to header and `HEA` to HEAD.
      return finished((commands + Self.methods).filter { $0.hasPrefix(word) })
    }
    let position = words.count
    switch command {
    case "load" where position == 1:
      if word.hasPrefix("cgi:") {
        var found = paths(String(word.dropFirst(4)))
        found.matches = found.matches.map { "cgi:" + $0 }
        return found
      }
      if word.hasPrefix("python:") {
        let target = word.dropFirst(7)
        guard let colon = target.firstIndex(of: ":") else { return pythonModules(String(target)) }
        return pythonCallables(
          in: String(target[..<colon]), prefix: String(target[target.index(after: colon)...]))
      }
      let names = finished(appNames.filter { $0.hasPrefix(word) })
      let schemes = Self.appSchemes.filter { $0.hasPrefix(word) }
      return Completions(matches: names.matches + schemes, isFinished: schemes.isEmpty)
    case "load" where position == 2 || position == 4:
      return finished(["as", "at"].filter { $0.hasPrefix(word) })
    case "use" where position == 1:
      return finished(loadedNames.filter { $0.hasPrefix(word) })
    case "set",
      "unset" where position == 1:
      return finished(environKeys.filter { $0.lowercased().hasPrefix(word.lowercased()) })
    case "header" where position == 1:
      let names = headerNames.filter { $0.lowercased().hasPrefix(word.lowercased()) }
      return finished(names.map { $0 + ":" })
    case "unheader" where position == 1:
      return finished(headerNames.filter { $0.lowercased().hasPrefix(word.lowercased()) })
    case "save" where position == 1:
      return paths(word)
    case "help" where position == 1:
      return finished(commands.filter { $0.hasPrefix(word) })
    default:
      if position == 1, let options = Self.subcommands[command] {
        return finished(options.filter { $0.hasPrefix(word) })
      }
      return Completions(matches: [], isFinished: true)
    }
  }

  private func finished(_ matches: [String]) -> Completions {
    Completions(matches: Array(Set(matches)).sorted(), isFinished: true)
  }

  /// Python modules in `directory` (the worker's import path) that start with `prefix`, as
  /// `python:MODULE:` for the callable to follow.
  func pythonModules(_ prefix: String) -> Completions {
    guard let entries = FileSystem.entries(of: directory) else { return Completions(matches: [], isFinished: true) }
    var modules: Set<String> = []
    for entry in entries {
      let name = entry.name
      let module: String
      if name.hasSuffix(".py") {
        module = String(name.dropLast(3))
      } else if FileSystem.allows(.exists, directory + "/" + name + "/__init__.py") {
        module = name
      } else {
        continue
      }
      if module.hasPrefix(prefix), !module.hasPrefix("_") || prefix.hasPrefix("_") { modules.insert(module) }
    }
    return Completions(matches: modules.sorted().map { "python:" + $0 + ":" }, isFinished: false)
  }

  /// The names defined at the top level of `module` (found from `directory`, as the worker
  /// imports it) that start with `prefix`, as `python:MODULE:NAME`: what could be its WSGI callable.
  ///
  /// The file is read, not imported: Tab must answer at once, and importing an app runs its
  /// code. The top-level `def`s, assignments (`app = Flask(__name__)`, `application =
  /// get_wsgi_application()`) and names imported with `from ... import` are offered; private
  /// names (`_x`) and constants (`DEBUG`) are not, unless the prefix asks for them.
  func pythonCallables(in module: String, prefix: String) -> Completions {
    let path = directory + "/" + module.split(separator: ".").joined(separator: "/")
    guard let source = Self.readHead(path + ".py") ?? Self.readHead(path + "/__init__.py") else {
      return Completions(matches: [], isFinished: true)
    }
    let names = Self.topLevelNames(in: source).filter { name in
      name.hasPrefix(prefix) && (!name.hasPrefix("_") || prefix.hasPrefix("_"))
        && (name != name.uppercased() || name.count == 1 || !prefix.isEmpty)
    }
    return finished(names.map { "python:\(module):\($0)" })
  }

  /// The names a Python source defines at its top level: `def NAME`, `class NAME` (PEP 3333's
  /// app may be a class), `NAME = ...`, `NAME: T = ...`, and `from M import NAME [as ALIAS], ...`.
  static func topLevelNames(in source: String) -> [String] {
    var names: [String] = []
    func isNameCharacter(_ character: Character) -> Bool {
      character == "_" || character.isLetter || character.isNumber
    }
    for line in source.split(separator: "\n") {
      guard let first = line.first, first == "_" || first.isLetter else { continue }
      if line.hasPrefix("def ") || line.hasPrefix("async def ") || line.hasPrefix("class ") {
        let afterKeyword = line.hasPrefix("async def ") ? line.dropFirst(10) : line.drop { $0 != " " }.dropFirst()
        let name = afterKeyword.prefix(while: isNameCharacter)
        if !name.isEmpty { names.append(String(name)) }
      } else if line.hasPrefix("from "), let range = line.firstRange(of: " import ") {
        let imported = line[range.upperBound...].filter { $0 != "(" && $0 != ")" }
        for part in imported.split(separator: ",") {
          let words = part.split(separator: " ")
          if let name = words.last, words.count == 1 || words.count == 3, name.allSatisfy(isNameCharacter) {
            names.append(String(name))
          }
        }
      } else {
        let name = line.prefix(while: isNameCharacter)
        let rest = line.dropFirst(name.count).drop { $0 == " " }
        let keyword = ["if", "for", "while", "with", "try", "else", "elif", "import", "return", "del", "assert"]
        guard !keyword.contains(String(name)) else { continue }
        if rest.hasPrefix(":") || (rest.hasPrefix("=") && !rest.hasPrefix("==")) { names.append(String(name)) }
      }
    }
    return names
  }

  /// The first MiB of a file as text, or `nil` when it cannot be read.
  private static func readHead(_ path: String) -> String? {
    guard let (bytes, _) = try? FileSystem.read(path, limit: 1 << 20) else { return nil }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// File names under `directory` that start with what follows the last `/` of `word`; folders end in `/`.
  func paths(_ word: String) -> Completions {
    let slash = word.lastIndex(of: "/")
    let folder = slash.map { String(word[...$0]) } ?? ""
    let prefix = slash.map { String(word[word.index(after: $0)...]) } ?? word
    let searched = folder.hasPrefix("/") ? folder : directory + "/" + folder
    guard let entries = FileSystem.entries(of: searched) else { return Completions(matches: [], isFinished: true) }
    var matches: [String] = []
    for entry in entries {
      let name = entry.name
      guard name.hasPrefix(prefix), prefix.hasPrefix(".") || !name.hasPrefix(".") else { continue }
      // Links to folders are folders too: the entry's own type would say "link".
      let isFolder = FileSystem.kind(of: searched + "/" + name) == .directory
      matches.append(folder + name + (isFolder ? "/" : ""))
    }
    matches.sort()
    return Completions(matches: matches, isFinished: !(matches.count == 1 && matches[0].hasSuffix("/")))
  }
}
