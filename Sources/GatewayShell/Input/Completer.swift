#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What Tab offers, from the words before the cursor: command names, app
/// specs after `load`/`use`, environ keys after `set`/`unset`, header names
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

  static let methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
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
    "show": ["env", "request", "response", "trace"],
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
      if word.hasPrefix("python:"), !word.dropFirst(7).contains(":" as Character) {
        return pythonModules(String(word.dropFirst(7)))
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
    guard let handle = opendir(directory) else { return Completions(matches: [], isFinished: true) }
    defer { closedir(handle) }
    var modules: Set<String> = []
    while let entry = readdir(handle) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
      let module: String
      if name.hasSuffix(".py") {
        module = String(name.dropLast(3))
      } else if access(directory + "/" + name + "/__init__.py", F_OK) == 0 {
        module = name
      } else {
        continue
      }
      if module.hasPrefix(prefix), !module.hasPrefix("_") || prefix.hasPrefix("_") { modules.insert(module) }
    }
    return Completions(matches: modules.sorted().map { "python:" + $0 + ":" }, isFinished: false)
  }

  /// File names under `directory` that start with what follows the last `/` of `word`; folders end in `/`.
  func paths(_ word: String) -> Completions {
    let slash = word.lastIndex(of: "/")
    let folder = slash.map { String(word[...$0]) } ?? ""
    let prefix = slash.map { String(word[word.index(after: $0)...]) } ?? word
    let searched = folder.hasPrefix("/") ? folder : directory + "/" + folder
    guard let handle = opendir(searched) else { return Completions(matches: [], isFinished: true) }
    defer { closedir(handle) }
    var matches: [String] = []
    while let entry = readdir(handle) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      guard name != ".", name != "..", name.hasPrefix(prefix), prefix.hasPrefix(".") || !name.hasPrefix(".") else {
        continue
      }
      var status = stat()
      let isFolder = stat(searched + "/" + name, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
      matches.append(folder + name + (isFolder ? "/" : ""))
    }
    matches.sort()
    return Completions(matches: matches, isFinished: !(matches.count == 1 && matches[0].hasSuffix("/")))
  }
}
