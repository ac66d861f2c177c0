import Session
import Testing

@Suite("secret fields: what `save --redact` and the history find in a body or a query")
struct SecretFieldsTests {
  func found(_ text: String) -> [String] { SecretFields.fields(in: text).map { "\($0.name)=\($0.value)" } }

  @Test("form fields: at the start, after & ? or whitespace, the value up to & or whitespace")
  func formFields() {
    #expect(found("password=tea&user=ada") == ["password=tea"])
    #expect(found("GET /login?user=ada&api_key=k-1&n=2") == ["api_key=k-1"])
    #expect(found("body token=a?b=c&x=1") == ["token=a?b=c"])
    #expect(found("pwd=one\npin=two\tsecret=three four") == ["pwd=one", "pin=two", "secret=three"])
    #expect(found("user[password]=x&new-password=y&a.token=z") == ["user[password]=x", "new-password=y", "a.token=z"])
  }

  @Test("a form field needs a separator before its name, and a value")
  func notFormFields() {
    // Inside another field's value, or glued to a word: not a field of its own.
    #expect(found("next=/a?password=x") == [])
    #expect(found("mypassword:password=x") == [])
    #expect(found("password=&token=") == [])
    #expect(found("password") == [])
    #expect(found("csrf_token=abc") == [])
  }

  @Test("JSON members: a string value to its closing quote, escapes kept as written")
  func jsonMembers() {
    #expect(found(#"{"password": "tea", "n": 1}"#) == ["password=tea"])
    #expect(found(#"{"api_key":"k\"1\\", "client_secret" :  "s-2"}"#) == [#"api_key=k\"1\\"#, "client_secret=s-2"])
    #expect(found("{\"token\":\n  \"t-99\"}") == ["token=t-99"])
    #expect(found(#"{"a.b-token": "ü 1"}"#) == ["a.b-token=ü 1"])
  }

  @Test("a JSON member counts only with a string value that ends")
  func notJSONMembers() {
    #expect(found(#"{"password": 12, "token": null}"#) == [])
    #expect(found(#"{"password": "no end"#) == [])
    #expect(found("{\"password\": \"a\\\nb\"}") == [])
    #expect(found(#"{"pass word": "x"}"#) == [])
  }

  @Test("a quote followed by a combining mark is still a quote")
  func combiningMarkAfterQuote() {
    #expect(found("{\"token\": \"t\"\u{301}}") == ["token=t"])
  }

  @Test("form fields come before JSON members")
  func order() {
    #expect(found(#"{"token": "a"} password=b"#) == ["password=b", "token=a"])
  }
}
