/// What the end-of-body check needs from the status and headers that went out.
struct ResponseFacts: Sendable, Equatable {
  /// The three-digit status code, when the status starts with one.
  var code: Int?
  /// The body length the headers declare, when exactly one Content-Length holds a number.
  var declaredLength: Int?
  /// Whether a Content-Type header went out: whether one is missing depends on whether the body
  /// has any bytes, known only at its end.
  var hasContentType = false

  /// The facts of `status` and `headers`.
  init(status: String, headers: [HeaderField]) {
    code = Validator.statusCode(status)
    var declaredLengths = 0
    for header in headers {
      if Validator.equalsIgnoringCase(header.name, "content-type") {
        hasContentType = true
        continue
      }
      guard Validator.equalsIgnoringCase(header.name, "content-length"), let length = Int(header.value) else {
        continue
      }
      declaredLengths += 1
      declaredLength = length
    }
    if declaredLengths != 1 { declaredLength = nil }
  }
}
