import Gateway

/// Which application to load, as a user writes it: `demo`, `cgi:./hello.sh`,
/// or `python:myproject.wsgi:application`.
public enum AppSpec: Sendable, Equatable, CustomStringConvertible {
  /// A built-in Swift app, by name.
  case builtin(String)
  /// A CGI program (RFC 3875), spawned for each request.
  case cgi(path: String)
  /// A Python WSGI app: `callable` (an attribute path) in `module`, run by a persistent worker.
  case python(module: String, callable: String)

  /// Parses a spec in the notation users type.
  ///
  /// `python:MODULE` alone means `python:MODULE:application`, as gunicorn reads it.
  /// - Parameter text: `NAME`, `cgi:PATH` or `python:MODULE:CALLABLE`.
  /// - Throws: ``AppSpecError`` saying what was expected.
  public init(parsing text: String) throws(AppSpecError) {
    let trimmed = text.trimmingSpaces
    guard !trimmed.isEmpty else { throw AppSpecError(text: text, problem: .empty) }
    if let path = trimmed.dropPrefix("cgi:") {
      guard !path.isEmpty else { throw AppSpecError(text: text, problem: .missingPath) }
      self = .cgi(path: path)
    } else if let target = trimmed.dropPrefix("python:") {
      let parts = target.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
      guard parts.count <= 2 else { throw AppSpecError(text: text, problem: .pythonShape) }
      let module = parts[0]
      let callable = parts.count == 2 ? parts[1] : "application"
      guard Self.isDottedName(module) else { throw AppSpecError(text: text, problem: .moduleName(module)) }
      guard Self.isDottedName(callable) else { throw AppSpecError(text: text, problem: .callableName(callable)) }
      self = .python(module: module, callable: callable)
    } else if let colon = trimmed.firstIndex(of: ":") {
      throw AppSpecError(text: text, problem: .unknownKind(String(trimmed[..<colon])))
    } else if trimmed.contains(where: { $0 == " " || $0 == "\t" }) {
      throw AppSpecError(text: text, problem: .builtinName)
    } else {
      self = .builtin(trimmed)
    }
  }

  /// The name the app gets when the user gives none: the built-in's name, the
  /// CGI program's file name, or the Python module.
  public var defaultName: String {
    switch self {
    case .builtin(let name): return name
    case .cgi(let path): return String(path.split(separator: "/").last ?? Substring(path))
    case .python(let module, _): return module
    }
  }

  /// The spec with a relative `cgi:PATH` resolved from `directory`; any other spec as it is.
  ///
  /// A session file names its CGI programs from its own folder, as it names its `@file`s.
  /// A Python module is not a path: it is imported from the working directory (and
  /// `PYTHONPATH`) wherever the file is, as at the prompt, so it is left alone.
  /// - Parameter directory: The session file's folder.
  public func resolvingProgram(from directory: String) -> AppSpec {
    guard case .cgi(let path) = self, !path.hasPrefix("/"), !directory.isEmpty else { return self }
    var relative = Substring(path)
    while relative.hasPrefix("./") { relative = relative.dropFirst(2) }
    return .cgi(path: directory.hasSuffix("/") ? directory + relative : directory + "/" + relative)
  }

  /// The spec as a user types it, so it can be parsed back.
  public var description: String {
    switch self {
    case .builtin(let name): return name
    case .cgi(let path): return "cgi:\(path)"
    case .python(let module, let callable): return "python:\(module):\(callable)"
    }
  }

  private static func isDottedName(_ text: String) -> Bool {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    return !parts.isEmpty
      && parts.allSatisfy { part in
        guard let first = part.unicodeScalars.first, first == "_" || first.properties.isXIDStart else { return false }
        return part.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isXIDContinue }
      }
  }
}

/// A spec that could not be parsed.
public struct AppSpecError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What was wrong.
  public enum Problem: Sendable, Equatable {
    /// Nothing was given.
    case empty
    /// `cgi:` with no path after it.
    case missingPath
    /// `python:` with more than two parts.
    case pythonShape
    /// The module is not a dotted Python name.
    case moduleName(String)
    /// The callable is not a Python name or attribute path.
    case callableName(String)
    /// A `KIND:` prefix other than `cgi:` and `python:`.
    case unknownKind(String)
    /// A built-in name with a space in it.
    case builtinName
  }

  /// The text as given.
  public var text: String
  /// What was wrong with it.
  public var problem: Problem

  public var description: String {
    let expected = "expected NAME (a built-in app), cgi:PATH or python:MODULE:CALLABLE"
    switch problem {
    case .empty: return "The app spec is empty; \(expected)."
    case .missingPath:
      return "The app spec \(text.quotedForMessage) names no program; expected cgi:PATH, such as cgi:./hello.sh."
    case .pythonShape:
      return
        "The app spec \(text.quotedForMessage) has too many ':'; expected python:MODULE:CALLABLE, such as python:myproject.wsgi:application."
    case .moduleName(let module):
      return
        "The app spec \(text.quotedForMessage) names the module \(module.quotedForMessage), which is not a dotted Python name; expected python:MODULE:CALLABLE, such as python:myproject.wsgi:application."
    case .callableName(let callable):
      return
        "The app spec \(text.quotedForMessage) names the callable \(callable.quotedForMessage), which is not a Python name or attribute path; expected python:MODULE:CALLABLE, such as python:myproject.wsgi:application."
    case .unknownKind(let kind):
      // `pyhton:app`, `cig:hello.sh`: a slip in the kind, said with the spec as meant.
      let meant = ["python", "cgi"].first { kind.lowercased().editDistance(to: $0) <= ($0.count > 3 ? 2 : 1) }
      let suggestion = meant.map { " Did you mean \(($0 + text.dropFirst(kind.count)).quotedForMessage)?" } ?? ""
      return
        "The app spec \(text.quotedForMessage) starts with the unknown kind \(kind.quotedForMessage); \(expected).\(suggestion)"
    case .builtinName: return "The app spec \(text.quotedForMessage) holds a space; \(expected)."
    }
  }
}

extension String {
  func dropPrefix(_ prefix: String) -> String? {
    hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
  }

  /// The text in quotes, as an error message names what the user typed.
  var quotedForMessage: String { "'\(self)'" }
}
