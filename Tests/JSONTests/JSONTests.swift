import JSON
import Testing

@Suite("JSON values and paths")
struct JSONTests {
  @Test("pretty-printing keeps member order and number forms, indented by two spaces")
  func prettyPrinting() throws {
    let value = try JSONValue(parsing: #"{"zeta":1.50,"alpha":[true,null,{"b":"x\ny"}],"e":2E3,"empty":{}}"#)
    #expect(
      value.prettyText == """
        {
          "zeta": 1.50,
          "alpha": [
            true,
            null,
            {
              "b": "x\\ny"
            }
          ],
          "e": 2E3,
          "empty": {}
        }
        """)
    #expect(value.compactText == #"{"zeta":1.50,"alpha":[true,null,{"b":"x\ny"}],"e":2E3,"empty":{}}"#)
  }

  @Test("the head of a document cut anywhere is re-indented as far as it goes, losing and adding nothing")
  func indentedHead() throws {
    let document = Array(#"{"a":[1,-2.5e3,true,null,"x\"y\\"],"b":{"c":false,"d":{}},"e":[]}"#.utf8)
    let whole = try #require(JSONLayout.indented(document))
    #expect(JSONLayout.indentedHead(document) == whole)
    func squeezed(_ bytes: [UInt8]) -> [UInt8] { bytes.filter { $0 != 0x20 && $0 != 0x0A } }
    for cut in 0...document.count {
      let head = Array(document[..<cut])
      let indented = try #require(JSONLayout.indentedHead(head), "cut at \(cut)")
      #expect(squeezed(indented) == head, "cut at \(cut): \(String(decoding: indented, as: UTF8.self))")
      #expect(whole.starts(with: indented.prefix { $0 != 0x0A }))
    }
    #expect(JSONLayout.indentedHead(Array(#"{"a":[1,x"#.utf8)) == nil)
    #expect(JSONLayout.indentedHead(Array("<html>".utf8)) == nil)
  }

  @Test("strings decode escapes and surrogate pairs")
  func escapes() throws {
    #expect(try JSONValue(parsing: #""tab\t \u00e9 \ud83d\ude00 \/""#) == .string("tab\t é 😀 /"))
  }

  @Test("a malformed document names what was expected, and the line and column")
  func parseErrors() {
    #expect(throws: JSONParseError.self) { try JSONValue(parsing: "{\"a\": 1,\n  }") }
    do {
      _ = try JSONValue(parsing: "{\"a\": 1,\n  }")
    } catch {
      #expect(error.line == 2)
      #expect(error.column == 3)
      #expect(error.description.contains("expected a member name"))
    }
    #expect(throws: JSONParseError.self) { try JSONValue(parsing: "[1, 2] x") }
    #expect(throws: JSONParseError.self) { try JSONValue(parsing: "01") }
    #expect(throws: JSONParseError.self) { try JSONValue(parsing: "\"open") }
  }

  @Test("numbers compare by value, objects regardless of member order")
  func equality() throws {
    #expect(try JSONValue(parsing: "1.0") == JSONValue(parsing: "1"))
    #expect(try JSONValue(parsing: #"{"a":1,"b":2}"#) == JSONValue(parsing: #"{"b":2,"a":1}"#))
    #expect(try JSONValue(parsing: "[1,2]") != JSONValue(parsing: "[2,1]"))
  }

  @Test("JSONPath selects members, quoted names, indexes and indexes from the end")
  func paths() throws {
    let document = try JSONValue(parsing: #"{"items":[{"id":1},{"id":2,"a b":"x"}],"count":2}"#)
    #expect(try JSONPath(parsing: "$").select(in: document) == document)
    #expect(try JSONPath(parsing: "$.count").select(in: document) == .number("2"))
    #expect(try JSONPath(parsing: "$.items[0].id").select(in: document) == .number("1"))
    #expect(try JSONPath(parsing: "$.items[-1]['a b']").select(in: document) == .string("x"))
    #expect(try JSONPath(parsing: "$.items[5]").select(in: document) == nil)
    #expect(try JSONPath(parsing: "$.count.x").select(in: document) == nil)
  }

  @Test("a malformed JSONPath names the column and what was expected")
  func pathErrors() {
    for (text, column) in [("items", 1), ("$.", 3), ("$[x]", 3), ("$['a'", 6), ("$.a!", 4)] {
      do {
        _ = try JSONPath(parsing: text)
        Issue.record("\(text) parsed")
      } catch {
        #expect(error.column == column, "\(text): \(error)")
      }
    }
  }
}
