import Foundation
import Gateway
import Session

/// Runs session text in a fresh engine and returns every event.
func run(_ text: String, engine: SessionEngine = SessionEngine(), file: String = "<test>") throws -> [SessionEvent] {
  try SessionParser.parse(text, file: file).flatMap { engine.execute($0) }
}

extension [SessionEvent] {
  var expectations: [ExpectationResult] {
    compactMap { if case .expectation(let result) = $0 { return result } else { return nil } }
  }
  var errors: [SessionError] {
    compactMap { if case .error(let error) = $0 { return error } else { return nil } }
  }
  var dispatches: [DispatchRecord] {
    compactMap { if case .dispatched(let record) = $0 { return record } else { return nil } }
  }
  var recordings: [[String]] {
    compactMap { if case .recorded(let recorded) = $0 { return recorded.lines } else { return nil } }
  }
}
