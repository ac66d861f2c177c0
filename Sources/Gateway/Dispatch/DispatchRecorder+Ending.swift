import Synchronization

extension DispatchRecorder {
  /// Applies what a server does when the app raises: log the error to
  /// wsgi.errors, then answer 500 if nothing went out yet, or cut the response.
  func appFailed(_ error: any Error) {
    let time = elapsed
    let failure = AppFailure(error)
    var log = failure.traceback.map { $0.hasSuffix("\n") ? $0 : $0 + "\n" } ?? ""
    log += "gwsh: the application raised: \(failure.message)\n"
    let logged = Array(log.utf8)
    let (sent, didLog) = state.withLock { state -> (Sent, Bool) in
      state.recorded.trace.append(.raised(failure.message), at: time, limit: limits.traceLimit)
      if case .stopped = error as? GatewayError, state.stop != nil { return (Sent(), false) }
      guard state.failure == nil else { return (Sent(), false) }
      state.recorded.errors.append(logged, at: time, limits: limits.capture)
      if state.headersSent {
        state.failure = (failure, true)
        state.recorded.diagnostics.append(
          Diagnostic(
            .appErrorAfterHeaders,
            "The app raised after \(state.recorded.body.byteCount) body bytes went out: \(failure.message)"))
        return (Sent(), true)
      } else {
        state.failure = (failure, false)
        state.recorded.diagnostics.append(
          Diagnostic(.appErrorBeforeHeaders, "The app raised before the headers went out: \(failure.message)"))
        state.respond(ServerError.status, ServerError.headers, facts: ServerError.facts)
        return (deliver(ServerError.body, forceHeaders: true, at: time, into: &state), true)
      }
    }
    // As wsgiref's handle_error does: log first, then send the error response.
    if didLog { observer?.errorsWritten(logged) }
    notify(sent, ServerError.body)
  }

  func closeFailed(_ error: any Error) {
    let time = elapsed
    let failure = AppFailure(error)
    let log = Array(((failure.traceback ?? "") + "gwsh: close() raised: \(failure.message)\n").utf8)
    state.withLock { state in
      state.recorded.trace.append(.raised(failure.message), at: time, limit: limits.traceLimit)
      state.recorded.diagnostics.append(Diagnostic(.appCloseFailed, "The body's close() raised: \(failure.message)"))
      state.recorded.errors.append(log, at: time, limits: limits.capture)
    }
    observer?.errorsWritten(log)
  }

  /// The body ended: an empty body's headers go out now, before close(), as
  /// wsgiref's `finish_content` sends them.
  func finishContent() {
    let sent = state.withLock { state -> Sent in
      guard state.stop == nil, !state.headersSent, state.status != nil, state.failure == nil else { return Sent() }
      // The clock is read only when something goes out: a reading costs as much as a small dispatch step.
      return deliver([], forceHeaders: true, at: elapsed, into: &state)
    }
    notify(sent, [])
  }

  /// Runs the end-of-response checks and returns the exchange.
  /// - Parameter end: When the dispatch ended, when the caller stamped its last step just now.
  func finish(at end: Nanoseconds? = nil) -> Exchange {
    detachStreams()
    let time = end ?? elapsed
    return state.withLock { state in
      if let stop = state.stop {
        state.recorded.trace.append(.stopped(stop), at: time, limit: limits.traceLimit)
        state.recorded.diagnostics.append(Diagnostic(.dispatchStopped, "The dispatch was stopped: \(stop)."))
      }
      // An answer to HEAD may give the length a GET's body would have and send none (RFC 9110,
      // section 8.6), as Flask and Django do; a body it did produce is checked as for GET.
      let producedBody = state.recorded.body.byteCount + state.recorded.droppedBodyBytes
      let headWithoutBody = isHead && producedBody == 0
      if state.headersSent, state.stop == nil, state.failure?.afterHeaders != true, !headWithoutBody,
        let facts = state.facts
      {
        state.recorded.diagnostics.add(Validator.checkBody(facts, byteCount: producedBody))
      }
      // Also for a body cut short: the bytes that went out had no type.
      if state.headersSent, let facts = state.facts,
        let missing = Validator.checkContentType(
          facts, contentBytes: headWithoutBody ? facts.declaredLength ?? 0 : producedBody)
      {
        state.recorded.diagnostics.append(missing)
      }
      if state.recorded.droppedBodyBytes > 0 {
        state.recorded.diagnostics.append(
          Diagnostic(
            .bodyOnHead, "The app produced \(state.recorded.droppedBodyBytes) body bytes for HEAD; none were sent."))
      }
      // A watchdog giving up at this moment gets the finished exchange.
      let finished = exchange(recordedIn: &state, at: time)
      state.finished = finished
      return finished
    }
  }

  /// What was recorded so far, for a watchdog that gives up on the app.
  func snapshot(stoppedBecause reason: StopReason) -> Exchange {
    let time = elapsed
    return state.withLock { state in
      if let finished = state.finished { return finished }
      noteStop(reason, in: &state)
      // The app goes on recording into the original; the copy's storage is its own.
      var copy = state
      copy.recorded.trace.append(.stopped(reason), at: time, limit: limits.traceLimit)
      copy.recorded.diagnostics.append(Diagnostic(.dispatchStopped, "The dispatch was stopped: \(reason)."))
      return exchange(recordedIn: &copy, at: time)
    }
  }

  /// The exchange of what `state` recorded, with how the dispatch ended.
  private func exchange(recordedIn state: inout State, at time: Nanoseconds) -> Exchange {
    if let stop = state.stop {
      state.recorded.outcome = .stopped(stop)
    } else if let (failure, afterHeaders) = state.failure {
      state.recorded.outcome = afterHeaders ? .failedAfterHeaders(failure) : .failedBeforeHeaders(failure)
    }
    state.recorded.timings.total = .nanoseconds(time)
    return Exchange(state.storage)
  }
}

/// The response a server sends in place of an app that raised before its
/// headers went out (wsgiref's `error_status`, `error_headers`, `error_body`).
enum ServerError {
  static let status = "500 Internal Server Error"
  static let body = Array("A server error occurred.  Please contact the administrator.".utf8)
  static let headers = [HeaderField("Content-Type", "text/plain"), HeaderField("Content-Length", "\(body.count)")]
  static let facts = ResponseFacts(status: status, headers: headers)
}
