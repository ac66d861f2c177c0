import Gateway
import Testing

/// A body that remembers whether it was closed.
final class ClosingBody: ResponseBody, @unchecked Sendable {
  var chunks: [[UInt8]]
  var failAfter: Int?
  var closed = false
  struct Failure: Error, CustomStringConvertible { var description: String { "Failure: the body broke" } }

  init(_ chunks: [String], failAfter: Int? = nil) {
    self.chunks = chunks.map { Array($0.utf8) }
    self.failAfter = failAfter
  }

  func next() throws -> [UInt8]? {
    if let failAfter, failAfter == 0 { throw Failure() }
    failAfter = failAfter.map { $0 - 1 }
    return chunks.isEmpty ? nil : chunks.removeFirst()
  }

  func close() throws { closed = true }
}

struct AppError: Error, CustomStringConvertible {
  var description: String { "AppError: something went wrong" }
}

@Suite("Server rules, as wsgiref's handler applies them")
struct ServerRulesTests {
  @Test("headers go out with the first non-empty chunk, not with empty ones")
  func headersWithFirstNonEmptyChunk() {
    let exchange = dispatch(
      app { _, start in
        try start("200 OK", plainText)
        return ChunkedBody(["", "", "data"].map { Array($0.utf8) })
      })
    let order = exchange.events.compactMap { event -> String? in
      switch event {
      case .yield(let count): return "yield \(count)"
      case .headersSent: return "headers"
      default: return nil
      }
    }
    #expect(order == ["yield 0", "yield 0", "yield 4", "headers"])
    #expect(exchange.body.chunks.map(\.count) == [4])
  }

  @Test("an empty body still sends the headers, at the end")
  func emptyBodySendsHeaders() {
    let exchange = dispatch(
      app { _, start in
        try start("204 No Content", [])
        return ChunkedBody.empty
      })
    #expect(exchange.status == "204 No Content")
    #expect(exchange.events.suffix(2).first.map { if case .headersSent = $0 { true } else { false } } == true)
    #expect(exchange.timings.firstByte != nil)
  }

  @Test("a body that yields before start_response gets a 500, as wsgiref's write() assertion gives")
  func yieldBeforeStartResponse() {
    let exchange = dispatch(app { _, _ in ChunkedBody("too early") })
    #expect(exchange.diagnosticIDs.contains("start-response.missing"))
    #expect(exchange.status == "500 Internal Server Error")
    #expect(exchange.bodyText == "A server error occurred.  Please contact the administrator.")
  }

  @Test("write() before start_response raises into the app (a bridge replaying a foreign app's calls)")
  func writeBeforeStartResponse() {
    let exchange = dispatch(
      app { _, start in
        do {
          try start.context.write(Array("early".utf8))
        } catch {
          #expect(error as? GatewayError == .writeBeforeStartResponse)
        }
        try start("200 OK", plainText)
        return ChunkedBody("fine")
      })
    #expect(exchange.diagnosticIDs.contains("write.before-start-response"))
    #expect(exchange.bodyText == "fine")
  }

  @Test("a second start_response without exc_info raises, and an app that lets it through gets a 500")
  func secondStartResponse() {
    let exchange = dispatch(
      app { _, start in
        try start("200 OK", plainText)
        try start("404 Not Found", plainText)
        return ChunkedBody("never")
      })
    #expect(exchange.diagnosticIDs.contains("start-response.twice"))
    #expect(exchange.status == "500 Internal Server Error")
    if case .failedBeforeHeaders(let failure) = exchange.outcome {
      #expect(failure.message.contains("start_response was already called"))
    } else {
      Issue.record("expected a failure before headers, got \(exchange.outcome)")
    }
  }

  @Test("start_response with exc_info before the headers went out replaces status and headers")
  func excInfoBeforeHeaders() {
    let exchange = dispatch(
      app { _, start in
        try start("200 OK", [("Content-Type", "text/html")])
        try start("500 Internal Server Error", plainText, excInfo: AppError())
        return ChunkedBody("sorry")
      })
    #expect(exchange.status == "500 Internal Server Error")
    #expect(exchange.headers == [HeaderField("Content-Type", "text/plain")])
    #expect(exchange.bodyText == "sorry")
    #expect(exchange.outcome == .completed)
    #expect(exchange.diagnosticIDs == ["start-response.exc-info-replaced"])
  }

  @Test("start_response with exc_info after the headers went out re-raises, cutting the response short")
  func excInfoAfterHeaders() {
    let exchange = dispatch(
      app { _, start in
        let write = try start("200 OK", plainText)
        try write("half")
        try start("500 Internal Server Error", plainText, excInfo: AppError())
        return ChunkedBody("never")
      })
    #expect(exchange.status == "200 OK")
    #expect(exchange.bodyText == "half")
    #expect(exchange.diagnosticIDs.contains("start-response.exc-info-after-headers"))
    #expect(exchange.diagnosticIDs.contains("app.error-after-headers"))
    #expect(exchange.outcome == .failedAfterHeaders(AppFailure(AppError())))
  }

  @Test("an app error before the headers gives wsgiref's 500, with the error in the errors output")
  func errorBeforeHeaders() {
    let exchange = dispatch(app { _, _ in throw AppError() })
    #expect(exchange.status == "500 Internal Server Error")
    #expect(exchange.headers.first(named: "Content-Type") == "text/plain")
    #expect(exchange.errorsText.contains("AppError: something went wrong"))
    #expect(exchange.diagnosticIDs.contains("app.error-before-headers"))
  }

  @Test("an app error after the headers ends the response truncated, with a diagnostic")
  func errorAfterHeaders() {
    let body = ClosingBody(["first ", "second"], failAfter: 1)
    let exchange = dispatch(
      app { _, start in
        try start("200 OK", plainText)
        return body
      })
    #expect(exchange.status == "200 OK")
    #expect(exchange.bodyText == "first ")
    #expect(exchange.diagnosticIDs.contains("app.error-after-headers"))
    #expect(exchange.errorsText.contains("the body broke"))
    #expect(body.closed)
  }

  @Test("close() is always called: after a normal body and after an error")
  func closeAlwaysCalled() {
    let normal = ClosingBody(["a", "b"])
    let failing = ClosingBody(["a"], failAfter: 0)
    _ = dispatch(
      app { _, start in
        try start("200 OK", plainText)
        return normal
      })
    let failed = dispatch(
      app { _, start in
        try start("200 OK", plainText)
        return failing
      })
    #expect(normal.closed)
    #expect(failing.closed)
    #expect(failed.events.contains(.close))
    #expect(failed.status == "500 Internal Server Error")
  }

  @Test("a close() that raises becomes a diagnostic and is logged")
  func closeRaises() {
    let exchange = dispatch(
      app { _, start in
        try start("200 OK", plainText)
        return StreamingBody(next: { nil }, close: { throw AppError() })
      })
    #expect(exchange.diagnosticIDs == ["app.close-failed"])
    #expect(exchange.errorsText.contains("close() raised"))
  }

  @Test("a body shorter or longer than its Content-Length is flagged")
  func contentLengthMismatch() {
    func respond(length: Int, body: String) -> Exchange {
      dispatch(
        app { _, start in
          try start("200 OK", plainText + [("Content-Length", String(length))])
          return ChunkedBody(body)
        })
    }
    #expect(respond(length: 10, body: "short").diagnosticIDs == ["body.shorter-than-content-length"])
    #expect(respond(length: 2, body: "longer").diagnosticIDs == ["body.longer-than-content-length"])
    #expect(respond(length: 5, body: "exact").diagnostics.isEmpty)
  }

  @Test("HEAD: the app runs as for GET, but no body goes out")
  func head() {
    let exchange = dispatch(
      app { _, start in
        try start("200 OK", plainText + [("Content-Length", "5")])
        return ChunkedBody("hello")
      }, method: "HEAD")
    #expect(exchange.status == "200 OK")
    #expect(exchange.body.byteCount == 0)
    #expect(exchange.droppedBodyBytes == 5)
    #expect(exchange.diagnosticIDs == ["body.head"])
  }

  @Test("HEAD answered with a GET's Content-Length and no body, as Flask and Django answer it, is right")
  func headWithLengthAndNoBody() {
    let answer = app { _, start in
      try start("200 OK", plainText + [("Content-Length", "3741")])
      return ChunkedBody.empty
    }
    let head = dispatch(answer, method: "HEAD")
    #expect(head.diagnostics.isEmpty)
    #expect(head.droppedBodyBytes == 0)
    // The same answer to GET lacks the body it announced.
    #expect(dispatch(answer).diagnosticIDs == ["body.shorter-than-content-length"])
    // A body made for HEAD is still checked against the length it gave.
    let short = dispatch(
      app { _, start in
        try start("200 OK", plainText + [("Content-Length", "10")])
        return ChunkedBody("short")
      }, method: "HEAD")
    #expect(short.diagnosticIDs == ["body.shorter-than-content-length", "body.head"])
  }

  @Test("write() sends the headers at once and its bytes precede the iterable's")
  func writeCallable() {
    let exchange = dispatch(
      app { _, start in
        let write = try start("200 OK", plainText)
        try write("written ")
        return ChunkedBody("yielded")
      })
    #expect(exchange.bodyText == "written yielded")
    #expect(exchange.diagnosticIDs == ["write.used"])
  }

  @Test("timings are ordered: start_response, first byte, total")
  func timings() throws {
    let exchange = dispatch(
      app { _, start in
        try start("200 OK", plainText)
        return ChunkedBody("x")
      })
    let startResponse = try #require(exchange.timings.startResponse)
    let firstByte = try #require(exchange.timings.firstByte)
    #expect(startResponse <= firstByte)
    #expect(firstByte <= exchange.timings.total)
  }

  @Test("the call trace lists every gateway call in order")
  func callTrace() {
    let exchange = dispatch(
      app { environ, start in
        environ.errors?.write("log\n")
        let write = try start("200 OK", plainText)
        try write("w")
        return ChunkedBody("y")
      })
    let names = exchange.events.map { event -> String in
      switch event {
      case .call: return "call"
      case .startResponse(let status, _, let excInfo): return "start_response(\(status), \(excInfo ?? "None"))"
      case .write(let count): return "write(\(count))"
      case .yield(let count): return "yield(\(count))"
      case .headersSent: return "headers"
      case .input: return "input"
      case .errors(let call, _): return "errors.\(call)"
      case .returned: return "returned"
      case .raised: return "raised"
      case .close: return "close"
      case .stopped: return "stopped"
      }
    }
    #expect(
      names == [
        "call", "errors.write", "start_response(200 OK, None)", "write(1)", "headers", "returned", "yield(1)",
        "close",
      ])
  }
}
