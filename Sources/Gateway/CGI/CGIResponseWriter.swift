import Synchronization

/// Writes a response in the CGI response format as it streams, refusing to
/// pass on a header that would split the response, and passes wsgi.errors on
/// to standard error as it is written.
final class CGIResponseWriter<Output: ByteSink & Sendable, Errors: ByteSink & Sendable>: ExchangeObserver {
  private struct State {
    var output: Output
    var errors: Errors
    var refusal: String?
  }
  private let state: Mutex<State>

  init(output: Output, errors: Errors) {
    state = Mutex(State(output: output, errors: errors))
  }

  func errorsWritten(_ bytes: [UInt8]) {
    state.withLock { state in try? state.errors.write(bytes) }
  }

  /// Writes a line of the server's own to standard error.
  func log(_ message: String) {
    errorsWritten(Array("gwsh cgi: \(message)\n".utf8))
  }

  func headersSent(status: String, headers: [HeaderField]) {
    state.withLock { state in
      if let problem = Self.unsendable(status: status, headers: headers) {
        state.refusal = "the app's response was replaced by a 500: \(problem)"
        try? state.errors.write(Array("gwsh cgi: \(state.refusal!)\n".utf8))
        let body = ServerError.body
        try? state.output.write(Self.head(status: ServerError.status, headers: ServerError.headers) + body)
        return
      }
      try? state.output.write(Self.head(status: status, headers: headers))
    }
  }

  func bodySent(_ bytes: [UInt8]) {
    state.withLock { state in
      guard state.refusal == nil else { return }
      try? state.output.write(bytes)
    }
  }

  /// RFC 3875 §6.2: `Status:`, the headers, a blank line; CRLF throughout.
  static func head(status: String, headers: [HeaderField]) -> [UInt8] {
    var text = "Status: \(status)\r\n"
    for header in headers { text += "\(header.name): \(header.value)\r\n" }
    text += "\r\n"
    // Header text is latin-1 on the wire; unsendable() refused anything past U+00FF.
    return text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
  }

  /// Why a status line or header cannot go out as the app gave it: CR, LF or
  /// another control character would let the app forge headers or a response.
  static func unsendable(status: String, headers: [HeaderField]) -> String? {
    if Validator.controlCharacter(in: status) != nil || !Validator.isLatin1(status) {
      return "the status \(status.quoted) holds a control character or a code point past U+00FF"
    }
    for header in headers {
      if Validator.controlCharacter(in: header.name) != nil || header.name.contains(":") || header.name.isEmpty {
        return "the header name \(header.name.quoted) cannot be sent"
      }
      if header.value.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F }) {
        return "the value of \(header.name) holds CR, LF or another control character: \(header.value.quoted)"
      }
      if !Validator.isLatin1(header.name) || !Validator.isLatin1(header.value) {
        return "the header \(header.name.quoted) holds code points past U+00FF"
      }
    }
    return nil
  }
}
