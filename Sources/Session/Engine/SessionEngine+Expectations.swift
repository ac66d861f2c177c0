import Gateway
import JSON

/// `expect`: checking the last exchange.
extension SessionEngine {
  func check(
    _ expectation: Expectation, against exchange: Exchange, _ context: SourceLine
  ) throws(SessionError) -> ExpectationResult {
    // Nearly every expectation of a replay: made in one go, before (and without) the result
    // the others fill in field by field, which costs a replay more to make and destroy.
    if case .status(let code, let reason) = expectation {
      let status = exchange.status
      return ExpectationResult(
        location: context.location, statement: context.line,
        passed: exchange.statusCode == code && (reason == nil || status == "\(code) \(reason!)"),
        expected: reason.map { "\(code) \($0)" } ?? Self.text(ofStatus: code),
        actual: status ?? "no response (\(exchange.outcome))", diff: [])
    }
    var result = ExpectationResult(
      location: context.location, statement: context.line, passed: false, expected: "", actual: "", diff: [])
    switch expectation {
    case .status:
      preconditionFailure("a status expectation is checked above")
    case .header(let name, let check):
      // A value holds the bytes sent, read as latin-1; it is checked as the text those bytes are
      // (`café`, as the prompt shows it and `save` records it, a byte that is not UTF-8 as `\xe9`),
      // or else as it is.
      let values = exchange.headers.values(named: name)
      let texts = values.map(\.clientText)
      result.actual = values.isEmpty ? "\(name) absent" : texts.map { "\(name): \($0)" }.joined(separator: "\n")
      switch check {
      case .equals(let template):
        let expected = try expand(template, context)
        result.expected = "\(name): \(expected)"
        result.passed =
          texts.contains(expected) || values.contains(expected)
          || ByteEscape.decoded(expected).map { texts.contains($0) } == true
      case .matches(let pattern):
        let regex = try compile(pattern, context)
        result.expected = "\(name) ~ \(pattern)"
        result.passed = texts.contains { $0.contains(regex) } || values.contains { $0.contains(regex) }
      case .notMatches(let pattern):
        let regex = try compile(pattern, context)
        result.expected = "\(name) !~ \(pattern)"
        result.passed =
          !values.isEmpty && !texts.contains { $0.contains(regex) } && !values.contains { $0.contains(regex) }
      case .absent:
        result.expected = "\(name) absent"
        result.passed = values.isEmpty
      case .present:
        result.expected = "\(name) present"
        result.passed = !values.isEmpty
      }
    case .body(let check):
      try checkBody(check, decodedForChecking(exchange), context, into: &result)
    case .json(let path, let check):
      try checkJSON(path, check, decodedForChecking(exchange), context, into: &result)
    case .errors(let check):
      let actual = String(decoding: exchange.errors.head, as: UTF8.self)
      result.actual = actual.isEmpty ? "no errors output" : actual
      try checkText(check, actual: actual, what: "errors", masking: ignoreMask.errors, context, into: &result)
    case .diagnostic(let id, let present):
      let ids = exchange.diagnostics.map(\.id)
      result.expected = present ? "diagnostic \(id)" : "no diagnostic \(id)"
      result.actual = ids.isEmpty ? "no diagnostics" : "diagnostics: " + ids.joined(separator: ", ")
      result.passed = ids.contains(id) == present
    case .chunks(let count):
      result.expected = Self.chunks(count)
      result.actual = Self.chunks(exchange.body.chunkCount)
      result.passed = exchange.body.chunkCount == count
    }
    return result
  }

  /// `1 chunk`, `3 chunks`.
  static func chunks(_ count: Int) -> String { count == 1 ? "1 chunk" : "\(count) chunks" }

  /// A status code as `String(code)` writes it, but made from its digits: that
  /// initializer calls `description` through a protocol, for every expectation of a replay.
  static func text(ofStatus code: Int) -> String {
    // The codes sessions check most, as literals: a literal costs nothing to make,
    // where writing the digits is work done again for every expectation.
    switch code {
    case 200: return "200"
    case 201: return "201"
    case 204: return "204"
    case 301: return "301"
    case 302: return "302"
    case 303: return "303"
    case 304: return "304"
    case 400: return "400"
    case 401: return "401"
    case 403: return "403"
    case 404: return "404"
    case 500: return "500"
    default: break
    }
    guard (100...999).contains(code) else { return String(code) }
    return String(unsafeUninitializedCapacity: 3) { digits in
      digits[0] = UInt8(ascii: "0") + UInt8(code / 100)
      digits[1] = UInt8(ascii: "0") + UInt8(code / 10 % 10)
      digits[2] = UInt8(ascii: "0") + UInt8(code % 10)
      return 3
    }
  }

  func checkText(
    _ check: TextCheck, actual: String, what: String, masking ignored: [Regex<AnyRegexOutput>] = [],
    _ context: SourceLine, into result: inout ExpectationResult
  ) throws(SessionError) {
    switch check {
    case .equals(let template):
      var expected = try expand(template, context)
      result.passed = expected == actual
      if !result.passed, !ignored.isEmpty {
        // What `ignore errors ~ regex` matches is left out on both sides.
        expected = IgnoreMask.masked(expected, ignored)
        result.actual = IgnoreMask.masked(actual, ignored)
        result.passed = expected == result.actual
      }
      result.expected = expected
      if !result.passed { result.diff = LineDiff.unified(expected: expected, actual: result.actual) }
    case .matches(let pattern):
      result.expected = "\(what) ~ \(pattern)"
      result.passed = actual.contains(try compile(pattern, context))
    case .notMatches(let pattern):
      result.expected = "\(what) !~ \(pattern)"
      result.passed = !actual.contains(try compile(pattern, context))
    case .absent:
      result.expected = "no \(what) output"
      result.passed = actual.isEmpty
    case .present:
      result.expected = "some \(what) output"
      result.passed = !actual.isEmpty
    }
  }

  func checkBody(
    _ check: BodyCheck, _ exchange: Exchange, _ context: SourceLine, into result: inout ExpectationResult
  ) throws(SessionError) {
    let body = exchange.body
    let text = String(utf8: body.head)
    result.actual = Self.describe(body)
    switch check {
    case .equals(.file(let path)) where (FileIO.size(of: path) ?? 0) > CaptureLimits().headLimit:
      // A large expected file is compared by streaming its digest, so memory stays bounded.
      let (count, digest) = try fileDigest(path, context)
      result.expected = "\(count) bytes, sha256 \(digest)"
      result.passed = count == body.byteCount && digest == body.sha256
    case .equals(let source):
      let expected = try bytes(of: source, context)
      var hasher = SHA256()
      hasher.update(expected)
      result.passed = expected.count == body.byteCount && hasher.hexDigest() == body.sha256
      if let expectedText = String(utf8: expected), let text, body.isComplete {
        result.expected = expectedText
        result.actual = text
        if !result.passed, !ignoreMask.leavesBodyAlone {
          // What `ignore body` and `ignore json` select is left out on both sides.
          (result.expected, result.actual) = ignoreMask.comparable(expected: expectedText, actual: text)
          result.passed = result.expected == result.actual
        }
        if !result.passed { result.diff = LineDiff.unified(expected: result.expected, actual: result.actual) }
      } else {
        result.expected = "\(expected.count) bytes, sha256 \(hasher.hexDigest())"
        if !result.passed,
          let offset = zip(expected, body.head).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset
        {
          result.diff = ["the bodies first differ at byte \(offset)"]
        }
      }
    case .matches(let pattern):
      result.expected = "body ~ \(pattern)"
      let regex = try compile(pattern, context)
      guard let text = wholeText(body, into: &result) else { return }
      result.passed = text.contains(regex)
      // A long body is shown where the pattern came closest, not from its head.
      if !result.passed, let region = ExpectationReport.region(of: text, near: pattern.source.text) {
        result.actual = region
      }
    case .notMatches(let pattern):
      result.expected = "body !~ \(pattern)"
      let regex = try compile(pattern, context)
      guard let text = wholeText(body, into: &result) else { return }
      result.passed = !text.contains(regex)
    case .size(let size):
      result.expected = "\(size) bytes"
      result.passed = body.byteCount == size
    case .sha256(let digest):
      result.expected = "sha256 \(digest)"
      result.passed = body.sha256 == digest
    }
  }

  /// The whole body as text for a pattern, or `nil` with the expectation failed, saying why.
  private func wholeText(_ body: CapturedBytes, into result: inout ExpectationResult) -> String? {
    do {
      return String(decoding: try wholeBody(body), as: UTF8.self)
    } catch {
      result.passed = false
      result.actual = error.description
      return nil
    }
  }

  static func describe(_ body: CapturedBytes) -> String {
    if body.isComplete, let text = String(utf8: body.head) { return text }
    return "\(body.byteCount) bytes, sha256 \(body.sha256)"
  }

  func fileDigest(_ path: String, _ context: SourceLine) throws(SessionError) -> (count: Int, sha256: String) {
    do {
      var source = try FileByteSource(path: path)
      var hasher = SHA256()
      var count = 0
      while true {
        let piece = try source.read(upTo: 1 << 20)
        if piece.isEmpty { break }
        hasher.update(piece)
        count += piece.count
      }
      return (count, hasher.hexDigest())
    } catch {
      throw .fileFailed(path: path, reason: "\(error)", context)
    }
  }

  func bytes(of source: BodySource, _ context: SourceLine) throws(SessionError) -> [UInt8] {
    switch source {
    case .text(let template): return Array(try expand(template, context).utf8)
    case .bytes(let bytes): return bytes
    case .file(let path):
      guard let bytes = FileIO.read(path) else {
        throw .fileFailed(path: path, reason: "it cannot be read", context)
      }
      return bytes
    }
  }

  /// The body parsed as JSON, parsed once however many expectations read it.
  func document(of exchange: Exchange) throws(DocumentFailure) -> JSONValue {
    let key = "\(exchange.body.byteCount) \(exchange.body.sha256)"
    if let cached = parsedBody, cached.key == key { return try cached.result.get() }
    let result = Result { () throws(DocumentFailure) in
      let bytes: [UInt8]
      do throws(BodyNotWhole) {
        bytes = try wholeBody(exchange.body)
      } catch {
        throw .notWhole(error)
      }
      do throws(JSONParseError) {
        return try JSONValue(parsing: bytes)
      } catch {
        throw .notJSON(error)
      }
    }
    parsedBody = (key, result)
    return try result.get()
  }

  func compile(_ pattern: Pattern, _ context: SourceLine) throws(SessionError) -> Regex<AnyRegexOutput> {
    let text = try expand(pattern.source, context)
    do {
      return try Regex(text)
    } catch {
      throw .badRegex(text, reason: "\(error)", context)
    }
  }
}
