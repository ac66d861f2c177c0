extension SessionError {
  /// The same error with its context (and those of the errors it collects) passed through
  /// `transform`: an error in a converted text, moved to the user's file and line.
  func relocated(_ transform: (SourceLine) -> SourceLine) -> SessionError {
    switch self {
    case .unknownCommand(let word, let suggestion, let context):
      return .unknownCommand(word, suggestion: suggestion, transform(context))
    case .expected(let what, let found, let context): return .expected(what, found: found, transform(context))
    case .badRegex(let pattern, let reason, let context): return .badRegex(pattern, reason: reason, transform(context))
    case .unterminatedHereDocument(let terminator, let context):
      return .unterminatedHereDocument(terminator: terminator, transform(context))
    case .missingFile(let path, let context): return .missingFile(path, transform(context))
    case .badJSONPath(let path, let error, let context): return .badJSONPath(path, error, transform(context))
    case .badJSON(let text, let error, let context): return .badJSON(text, error, transform(context))
    case .sourceCycle(let path, let context): return .sourceCycle(path, transform(context))
    case .undefinedVariable(let name, let context): return .undefinedVariable(name, transform(context))
    case .noApp(let context): return .noApp(transform(context))
    case .loadFailed(let spec, let reason, let context):
      return .loadFailed(spec: spec, reason: reason, transform(context))
    case .unknownApp(let name, let loaded, let context): return .unknownApp(name, loaded: loaded, transform(context))
    case .appNotLoaded(let name, let context): return .appNotLoaded(name, transform(context))
    case .nothingToSend(let context): return .nothingToSend(transform(context))
    case .noResponse(let context): return .noResponse(transform(context))
    case .requestFailed(let context): return .requestFailed(transform(context))
    case .captureFailed(let name, let reason, let context):
      return .captureFailed(name: name, reason: reason, transform(context))
    case .fileFailed(let path, let reason, let context):
      return .fileFailed(path: path, reason: reason, transform(context))
    case .misspelt(let word, let expected, let suggestion, let context):
      return .misspelt(word, expected: expected, suggestion: suggestion, transform(context))
    case .parseErrors(let errors, let omitted):
      return .parseErrors(errors.map { $0.relocated(transform) }, omitted: omitted)
    }
  }
}
