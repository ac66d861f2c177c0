/// What the end-of-body check needs from the status and headers that went out.
struct ResponseFacts: Sendable, Equatable {
  /// The three-digit status code, when the status starts with one.
  var code: Int?
  /// The body length the headers declare, when exactly one Content-Length holds a number.
  var declaredLength: Int?

  /// The facts of `status` and `headers`.
  init(status: String, headers: [HeaderField]) {
    code = Validator.statusCode(status)
    var declaredLengths = 0
    for header in headers where Validator.equalsIgnoringCase(header.name, "content-length") {
      guard let length = Int(header.value) else { continue }
      declaredLengths += 1
      declaredLength = length
    }
    if declaredLengths != 1 { declaredLength = nil }
  }
}
