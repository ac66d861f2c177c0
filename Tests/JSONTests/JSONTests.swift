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

  @Test("pretty bytes match the pretty text, and ASCII-only bytes escape every character past ASCII as Python does")
  func prettyBytes() throws {
    let value = JSONValue.object([
      ("caf\u{E9}", .string("a\u{E9}\u{20AC}\u{1F642}\u{85}\u{7F}\t\"\\z")), ("n", .array([.integer(1), .null])),
    ])
    #expect(value.prettyUTF8() == Array(value.prettyText.utf8))
    let ascii = String(decoding: value.prettyUTF8(asciiOnly: true), as: UTF8.self)
    // What `json.dumps(..., indent=2)` writes for the same value (it leaves DEL as it is; gwsh escapes it).
    #expect(
      ascii == """
        {
          "caf\\u00e9": "a\\u00e9\\u20ac\\ud83d\\ude42\\u0085\\u007f\\t\\"\\\\z",
          "n": [
            1,
            null
          ]
        }
        """)
    #expect(try JSONValue(parsing: ascii) == value)
  }

  @Test("the pretty writer lays a document out as the pretty text does, empty containers included")
  func prettyWriter() throws {
    var writer = JSONPrettyWriter(asciiOnly: true)
    writer.openObject()
    writer.name("a\u{E9}")
    writer.openArray()
    writer.integer(-1)
    writer.bool(false)
    writer.openObject()
    writer.closeObject()
    writer.openArray()
    writer.closeArray()
    writer.string("x\n\u{1F642}")
    writer.closeArray()
    writer.name("b")
    writer.openObject()
    writer.name("c")
    writer.bool(true)
    writer.closeObject()
    writer.closeObject()
    let value = JSONValue.object([
      ("a\u{E9}", .array([.integer(-1), .bool(false), .object([]), .array([]), .string("x\n\u{1F642}")])),
      ("b", .object([("c", .bool(true))])),
    ])
    #expect(writer.count == value.prettyUTF8(asciiOnly: true).count)
    let written = writer.finish(lineFeed: true)
    #expect(written == value.prettyUTF8(asciiOnly: true) + [0x0A])
  }

  @Test("the pretty writer writes integers as Swift prints them, from Int.min to Int.max")
  func prettyWriterIntegers() {
    let numbers = [0, 7, 10, -10, 1_000_000, -9_876_543_210, Int.min, Int.max]
    var writer = JSONPrettyWriter(capacity: 0)
    writer.openArray()
    for number in numbers { writer.integer(number) }
    writer.closeArray()
    let expected = "[\n" + numbers.map { "  \($0)" }.joined(separator: ",\n") + "\n]"
    #expect(String(decoding: writer.finish(), as: UTF8.self) == expected)
  }

  @Test("a document the pretty writer hands out in pieces along the way is the document it writes whole")
  func prettyWriterFlushes() {
    func write(flushingEvery period: Int?) -> [UInt8] {
      var writer = JSONPrettyWriter(capacity: 16)
      var pieces: [UInt8] = []
      writer.openObject()
      writer.name("items")
      writer.openArray()
      for number in 0..<50 {
        writer.openObject()
        writer.name("id")
        writer.integer(number)
        writer.name("tags")
        writer.openArray()
        writer.string("a\"b")
        writer.closeArray()
        writer.closeObject()
        if let period, number % period == 0 { writer.flush { pieces.append(contentsOf: $0) } }
      }
      writer.closeArray()
      writer.closeObject()
      return pieces + writer.finish(lineFeed: true)
    }
    let whole = write(flushingEvery: nil)
    #expect(String(decoding: whole, as: UTF8.self).hasPrefix("{\n  \"items\": [\n    {\n      \"id\": 0,"))
    for period in [1, 3, 7] { #expect(write(flushingEvery: period) == whole) }
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

  @Test("parsing and laying out read JSON alike: the same documents refused, the same nesting limit")
  func oneReading() throws {
    func nested(_ depth: Int) -> String { String(repeating: "[", count: depth) + String(repeating: "]", count: depth) }
    for text in [nested(300), nested(512), #"{"a":[1,{"b":-0.5e+3}]}"#, " 1 "] {
      #expect((try? JSONValue(parsing: text)) != nil, "\(text.prefix(20))")
      #expect(JSONLayout.indented(Array(text.utf8)) != nil, "\(text.prefix(20))")
    }
    for text in [nested(513), "01", "1.2.3", "[1,]", #"{"a" 1}"#, #""\x""#, "[1] x", "1e", #""a\u12g4""#] {
      #expect((try? JSONValue(parsing: text)) == nil, "\(text.prefix(20))")
      #expect(JSONLayout.indented(Array(text.utf8)) == nil, "\(text.prefix(20))")
    }
    #expect(throws: JSONParseError.self) { try JSONValue(parsing: nested(513)) }
  }

  @Test("a document nested objects within arrays past 64 levels is laid out as its value prints, whole and streamed")
  func deepLayout() throws {
    var text = ""
    for level in 0..<150 { text += level % 2 == 0 ? #"[1,{"k":"# : #"{"a":true,"b":"# }
    text += "null"
    for level in (0..<150).reversed() { text += level % 2 == 0 ? "}]" : "}" }
    let document = Array(text.utf8)
    let printed = try JSONValue(parsing: document).prettyUTF8()
    #expect(JSONLayout.indented(document) == printed)
    var stream = JSONLayout.Stream()
    var streamed: [UInt8] = []
    for start in stride(from: 0, to: document.count, by: 7) {
      let piece = Array(document[start..<min(start + 7, document.count)])
      #expect(piece.withUnsafeBufferPointer { stream.feed($0) { streamed.append(contentsOf: $0) } })
    }
    #expect(stream.finish { streamed.append(contentsOf: $0) })
    #expect(streamed == printed)
  }

  @Test("printing escapes quotes, backslashes, C0 and C1 controls and DEL, and keeps other text as it is")
  func printingEscapes() throws {
    let text = "a\u{7F}\u{85}\u{9F}\u{A0}é😀\"\\\n\r\t\u{1}"
    #expect(JSONValue.quoted(text) == "\"a\\u007f\\u0085\\u009f\u{A0}é😀\\\"\\\\\\n\\r\\t\\u0001\"")
    #expect(try JSONValue(parsing: JSONValue.quoted(text)) == .string(text))
    #expect(JSONValue.object([("k\u{1}", .array([.null, .bool(true)]))]).compactText == #"{"k\u0001":[null,true]}"#)
  }

  @Test("a character to escape is found wherever it is in a short or long string")
  func escapeAtEveryPosition() {
    let specials = [("\"", "\\\""), ("\\", "\\\\"), ("\n", "\\n"), ("\u{7F}", "\\u007f")]
    for length in 0...20 {
      let plain = String(repeating: "a", count: length)
      #expect(JSONValue.quoted(plain) == "\"" + plain + "\"")
      for position in 0..<length {
        let before = String(repeating: "a", count: position)
        let after = String(repeating: "a", count: length - position - 1)
        for (special, escaped) in specials {
          #expect(JSONValue.quoted(before + special + after) == "\"" + before + escaped + after + "\"")
        }
      }
    }
  }

  @Test("a document laid out as it streams in, in pieces of any size, reads the same as laid out whole")
  func streamedLayout() throws {
    let text = #" {"a":[1,-2.5e3,true,null,"x\"y\\ é"],"b":{"c":false,"d":{}},"e":[],"f":12345} "#
    let document = Array(text.utf8)
    let whole = try #require(JSONLayout.indented(document))
    for size in 1...document.count {
      var stream = JSONLayout.Stream()
      var output: [UInt8] = []
      for start in stride(from: 0, to: document.count, by: size) {
        let piece = stream.feed(Array(document[start..<min(start + size, document.count)]))
        output += try #require(piece, "size \(size)")
      }
      let rest = stream.finish()
      output += try #require(rest, "size \(size)")
      #expect(output == whole, "size \(size): \(String(decoding: output, as: UTF8.self))")
    }
    for bad in ["[1,]", "{\"a\" 1}", "[1] x", "[1", "12a"] {
      var stream = JSONLayout.Stream()
      let fed = Array(bad.utf8).map { stream.feed([$0]) }
      #expect(fed.contains(nil) || stream.finish() == nil, "\(bad)")
    }
  }

  @Test("a stream lends each piece's layout from one buffer; a checking stream accepts and refuses the same")
  func streamInto() throws {
    let document = Array(#"{"a":[1,2,{"b":"\\u00e9 text long enough to cross pieces"}],"c":null}"#.utf8)
    let whole = try #require(JSONLayout.indented(document))
    for size in [1, 3, 8, 64] {
      var stream = JSONLayout.Stream()
      var check = JSONLayout.Stream(checkingOnly: true)
      var output: [UInt8] = []
      for start in stride(from: 0, to: document.count, by: size) {
        let piece = Array(document[start..<min(start + size, document.count)])
        #expect(piece.withUnsafeBufferPointer { stream.feed($0) { output += $0 } })
        #expect(check.feed(piece) == [])
      }
      #expect(stream.finish { output += $0 })
      #expect(check.finish() == [])
      #expect(output == whole)
    }
    for bad in ["[1,]", "{\"a\" 1}", "[1] x", "[1", "12a", "{\"a\":tru}"] {
      var check = JSONLayout.Stream(checkingOnly: true)
      let fed = Array(bad.utf8).map { check.feed([$0]) }
      #expect(fed.contains(nil) || check.finish() == nil, "\(bad)")
    }
  }

  @Test("a member name or number longer than several pieces is laid out whole, as if it had come in one piece")
  func longTokensAcrossPieces() throws {
    let name = String(repeating: #"k\u00e9y "#, count: 60)
    let number = "-" + String(repeating: "9", count: 300) + ".5e+" + String(repeating: "1", count: 40)
    let document = Array((#"{"short": [1, true], ""# + name + #"" : "# + number + #", "last": null}"#).utf8)
    let whole = try #require(JSONLayout.indented(document))
    #expect(String(decoding: whole, as: UTF8.self).contains("\n  \"" + name + "\": " + number + ",\n"))
    for size in [5, 63, 64, 65, 100, 1000] {
      var stream = JSONLayout.Stream()
      var check = JSONLayout.Stream(checkingOnly: true)
      var output: [UInt8] = []
      for start in stride(from: 0, to: document.count, by: size) {
        let piece = Array(document[start..<min(start + size, document.count)])
        #expect(piece.withUnsafeBufferPointer { stream.feed($0) { output += $0 } }, "size \(size)")
        #expect(check.feed(piece) == [], "size \(size)")
      }
      #expect(stream.finish { output += $0 }, "size \(size)")
      #expect(check.finish() == [], "size \(size)")
      #expect(output == whole, "size \(size)")
    }
    // A long number that runs into a letter is refused, wherever the pieces are cut.
    let bad = Array((#"{"n": "# + number + "x}").utf8)
    #expect(JSONLayout.indented(bad) == nil)
    for size in [5, 64, 100] {
      var stream = JSONLayout.Stream()
      let fed = stride(from: 0, to: bad.count, by: size).map {
        stream.feed(Array(bad[$0..<min($0 + size, bad.count)]))
      }
      #expect(fed.contains(nil) || stream.finish() == nil, "size \(size)")
    }
  }

  @Test("a string longer than a piece comes out as it streams in, escapes cut anywhere, not held whole")
  func longStringStreams() throws {
    let long = String(repeating: #"abc\"\u00e9\\ "#, count: 20_000)
    let document = Array((#"{"blob": ""# + long + #"", "n": [1]}"#).utf8)
    let whole = try #require(JSONLayout.indented(document))
    for size in [4096, 4097] {
      var stream = JSONLayout.Stream()
      var check = JSONLayout.Stream(checkingOnly: true)
      var output: [UInt8] = []
      for start in stride(from: 0, to: document.count, by: size) {
        let piece = Array(document[start..<min(start + size, document.count)])
        let before = output.count
        #expect(piece.withUnsafeBufferPointer { stream.feed($0) { output += $0 } })
        // Each piece's part of the string is written as it comes, but for an escape cut at its end.
        #expect(output.count - before >= piece.count - 6)
        #expect(check.feed(piece) != nil)
      }
      #expect(stream.finish { output += $0 })
      #expect(check.finish() != nil)
      #expect(output == whole)
    }
    var cut = JSONLayout.Stream(checkingOnly: true)
    #expect(cut.feed(Array(#"["abc"#.utf8)) != nil)
    #expect(cut.finish() == nil)
  }

  @Test("a string is escaped the same wherever in it a character to escape falls")
  func escapesAtEveryPosition() throws {
    let escaped: [(String, String)] = [
      ("\"", #"\""#), ("\\", #"\\"#), ("\u{1}", #"\u0001"#), ("\u{7F}", #"\u007f"#), ("\u{85}", #"\u0085"#),
      ("é", "é"), ("\n", #"\n"#),
    ]
    for (character, written) in escaped {
      for position in 0..<20 {
        let text = String(repeating: "a", count: position) + character + String(repeating: "b", count: 17)
        let expected = String(repeating: "a", count: position) + written + String(repeating: "b", count: 17)
        #expect(JSONValue.quoted(text) == "\"" + expected + "\"", "\(position)")
        #expect(try JSONValue(parsing: JSONValue.quoted(text)) == .string(text))
      }
    }
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

  @Test("numbers compare exactly, not through Double: 2^53 and 2^53+1 differ, 1, 1.0 and 1e0 do not")
  func exactNumbers() throws {
    #expect(try JSONValue(parsing: "9007199254740993") != JSONValue(parsing: "9007199254740992"))
    #expect(try JSONValue(parsing: "[12345678901234567890123]") != JSONValue(parsing: "[12345678901234567890124]"))
    #expect(try JSONValue(parsing: "0.30000000000000001") != JSONValue(parsing: "0.3"))
    for same in ["1.0", "1e0", "10E-1", "0.1e1", "1.000"] {
      #expect(try JSONValue(parsing: same) == JSONValue(parsing: "1"), "\(same)")
    }
    #expect(try JSONValue(parsing: "-0") == JSONValue(parsing: "0.0"))
    #expect(try JSONValue(parsing: "1e400") != JSONValue(parsing: "1e401"))
    #expect(try JSONValue(parsing: "-2").isLess(than: JSONValue(parsing: "-1.5")))
    #expect(try JSONValue(parsing: "9007199254740992").isLess(than: JSONValue(parsing: "9007199254740993")))
    #expect(try !JSONValue(parsing: "1").isLess(than: JSONValue(parsing: "\"2\"")))
  }

  @Test("an object that repeats a name means its last member of that name, in equality and in paths")
  func repeatedNames() throws {
    let repeated = try JSONValue(parsing: #"{"a":1,"b":2,"a":3}"#)
    #expect(repeated == (try JSONValue(parsing: #"{"b":2,"a":3}"#)))
    #expect(repeated != (try JSONValue(parsing: #"{"a":1,"b":2}"#)))
    #expect(try JSONPath(parsing: "$.a").query(repeated) == [.number("3")])
    #expect(try JSONPath(parsing: "$.*").query(repeated) == [.number("2"), .number("3")])
    #expect(repeated.compactText == #"{"a":1,"b":2,"a":3}"#)
  }

  @Test("a path that can select several nodes stands for the array of them in document order, none for absent")
  func selectedValue() throws {
    let document = try JSONValue(parsing: #"{"items":[{"id":1,"qty":3},{"id":2,"qty":1},{"id":3,"qty":5}]}"#)
    #expect(try JSONPath(parsing: "$.items[?@.qty > 1].id").select(in: document) == JSONValue(parsing: "[1, 3]"))
    #expect(try JSONPath(parsing: "$..id").select(in: document) == JSONValue(parsing: "[1, 2, 3]"))
    #expect(try JSONPath(parsing: "$.items[?@.id == 2].qty").select(in: document) == JSONValue(parsing: "[1]"))
    #expect(try JSONPath(parsing: "$.items[?@.qty > 9]").select(in: document) == nil)
    #expect(try JSONPath(parsing: "$.items[1].qty").select(in: document) == .number("1"))
    #expect(try JSONPath(parsing: "$.items[::-1].id").query(document) == [.number("3"), .number("2"), .number("1")])
    #expect(try JSONPath(parsing: "$.items[0, 0].id").query(document) == [.number("1"), .number("1")])
    #expect(
      try JSONPath(parsing: "$..[?@ == 1]").locate(document).map(\.path) == [
        "$['items'][0]['id']", "$['items'][1]['qty']",
      ])
  }

  @Test("removing the nodes a path selects leaves the rest of the document as sent")
  func removing() throws {
    let document = try JSONValue(parsing: #"{"id":"a1","at":1,"items":[{"t":5,"n":1},{"t":6,"n":2}],"at":2}"#)
    #expect(
      try JSONPath(parsing: "$..t").removing(from: document)?.compactText
        == #"{"id":"a1","at":1,"items":[{"n":1},{"n":2}],"at":2}"#)
    #expect(
      try JSONPath(parsing: "$.at").removing(from: document)?.compactText
        == #"{"id":"a1","items":[{"t":5,"n":1},{"t":6,"n":2}]}"#)
    #expect(
      try JSONPath(parsing: "$.items[?@.n == 1]").removing(from: document)?["items"]
        == JSONValue(parsing: #"[{"t":6,"n":2}]"#))
    #expect(try JSONPath(parsing: "$.nothing").removing(from: document) == document)
    #expect(try JSONPath(parsing: "$").removing(from: document) == nil)
  }

  @Test("match and search take I-Regexp: '.' is not a line break, match is the whole text")
  func regularExpressions() throws {
    let document = try JSONValue(parsing: #"["ab", "a\nb", "xaby", "Ab", "a.b"]"#)
    #expect(try JSONPath(parsing: "$[?match(@, 'a.b')]").query(document) == [.string("a.b")])
    #expect(
      try JSONPath(parsing: "$[?search(@, 'a.?b')]").query(document) == [
        .string("ab"), .string("xaby"), .string("a.b"),
      ])
    #expect(try JSONPath(parsing: #"$[?match(@, '\\p{Lu}b')]"#).query(document) == [.string("Ab")])
    #expect(try JSONPath(parsing: #"$[?match(@, '\\d')]"#).query(document) == [])
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
    let cases = [
      ("items", 1), ("$.", 3), ("$[x]", 3), ("$['a'", 6), ("$.a!", 4), ("$[01]", 3), ("$[9007199254740992]", 3),
      ("$[?@.* == 1]", 4), ("$[?match(@.a, 'x') == true]", 4), ("$[?length(@.*) > 1]", 11), ("$ ", 2),
      ("$[?@.a == 1 && 2]", 16), ("$.é..", 6),
    ]
    for (text, column) in cases {
      do {
        _ = try JSONPath(parsing: text)
        Issue.record("\(text) parsed")
      } catch {
        #expect(error.column == column, "\(text): \(error)")
      }
    }
  }
}
