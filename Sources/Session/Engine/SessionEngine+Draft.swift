/// The statements that compose the next requests: each changes the draft and says how.
/// A template is expanded first, so one naming an undefined variable changes nothing.
extension SessionEngine {
  /// `set KEY VALUE`.
  func set(_ key: String, _ value: Template, _ context: SourceLine) throws(SessionError) -> String {
    _ = try expand(value, context)
    draft.override(key, with: value)
    return "\(key) is set for the following requests"
  }

  /// `unset KEY`.
  func unset(_ key: String) -> String {
    draft.override(key, with: nil)
    return "\(key) is removed from the following requests"
  }

  /// `header NAME: VALUE`.
  func header(_ name: String, _ value: Template, _ context: SourceLine) throws(SessionError) -> String {
    _ = try expand(value, context)
    draft.setHeader(name, value)
    return "\(name) is sent with the following requests"
  }

  /// `unheader NAME`.
  func unheader(_ name: String) -> String {
    draft.removeHeader(name) ? "\(name) is no longer sent" : "no header \(name) was set"
  }

  /// `body ...`, or `body` alone for none.
  func body(_ source: BodySource?, _ context: SourceLine) throws(SessionError) -> String {
    var text: String?
    if case .text(let template)? = source { text = try expand(template, context) }
    draft.setBody(source)
    guard source != nil else { return "the body is empty" }
    // A here-document's lines end in a line feed; a form's parser keeps it in the last value
    // (Django answered `next=/groups/` with a redirect to `/groups/%0A`).
    if let text, Self.isFormWithLineFeed(text) {
      return "the body is set for the following requests; it ends in a line feed, which a form's last value"
        + " keeps ('body chomp <<END' drops it)"
    }
    return "the body is set for the following requests"
  }

  /// Whether `text` reads as one line of a URL-encoded form (`name=Ada&next=/groups/`) ended by a line feed.
  static func isFormWithLineFeed(_ text: String) -> Bool {
    guard text.utf8.last == UInt8(ascii: "\n") else { return false }
    let line = text.utf8.dropLast()
    return line.contains(UInt8(ascii: "="))
      && !line.contains { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }
      && line.first != UInt8(ascii: "{") && line.first != UInt8(ascii: "<")
  }

  /// `form NAME=VALUE`.
  func form(_ name: String, _ value: FormValue, _ context: SourceLine) throws(SessionError) -> String {
    if case .text(let template) = value { _ = try expand(template, context) }
    draft.addField(name, value)
    return "the body is a multipart form of \(draft.form.count) field\(draft.form.count == 1 ? "" : "s")"
  }

  /// `auth basic USER PASSWORD` or `auth bearer TOKEN`.
  func auth(_ authorization: Authorization, _ context: SourceLine) throws(SessionError) -> String {
    _ = try authorizationValue(authorization, context)
    draft.setAuthorization(authorization)
    return "Authorization is sent with the following requests"
  }

  /// `reset`.
  func reset() -> String {
    draft = RequestDraft()
    return "the request draft is cleared: no headers, no body, no raw environ entries"
  }
}
