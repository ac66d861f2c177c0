/// The request being composed: what `header`, `body`, `form`, `auth`, `set` and `unset`
/// leave for the following requests, until `reset`.
///
/// Its edits only change it; the engine checks that a template expands before it hands one in.
struct RequestDraft {
  var headers: [(name: String, value: Template)] = []
  var body: BodySource?
  var overrides: [(key: String, value: Template?)] = []
  /// `form` fields: with any, the body is a multipart form of them.
  var form: [(name: String, value: FormValue)] = []
  /// `auth`: sent as the Authorization header.
  var authorization: Authorization?

  /// `set KEY VALUE`, or with `nil` `unset KEY`: the environ entry replaced, or removed.
  mutating func override(_ key: String, with value: Template?) {
    overrides.removeAll { $0.key == key }
    overrides.append((key, value))
  }

  /// `header NAME: VALUE`: replaces any header of that name (and `auth`, for Authorization).
  mutating func setHeader(_ name: String, _ value: Template) {
    if name.lowercased() == "authorization" { authorization = nil }
    headers.removeAll { $0.name.lowercased() == name.lowercased() }
    headers.append((name, value))
  }

  /// `unheader NAME`; whether a header of that name was set.
  mutating func removeHeader(_ name: String) -> Bool {
    let before = headers.count + (authorization == nil ? 0 : 1)
    headers.removeAll { $0.name.lowercased() == name.lowercased() }
    if name.lowercased() == "authorization" { authorization = nil }
    return before != headers.count
  }

  /// `body ...`: the body, in place of any form.
  mutating func setBody(_ source: BodySource?) {
    body = source
    form = []
  }

  /// `form NAME=VALUE`: one more field, in place of any body.
  mutating func addField(_ name: String, _ value: FormValue) {
    form.append((name, value))
    body = nil
  }

  /// `auth ...`: in place of any Authorization header.
  mutating func setAuthorization(_ value: Authorization) {
    authorization = value
    headers.removeAll { $0.name.lowercased() == "authorization" }
  }
}
