import Gateway
import JSON

/// Answers any request with a JSON document of the string environ entries it
/// received and the body it read, like httpbin's `/anything`.
struct EchoApp: Application {
  var stopsWhenAsked: Bool { true }

  func callAsFunction(_ environ: Environ, _ startResponse: StartResponse) throws -> any ResponseBody {
    let length = environ.string("CONTENT_LENGTH").flatMap { Int($0) } ?? 0
    let body = length > 0 ? (try environ.input?.read(length) ?? []) : []
    // Every character past ASCII is written as a `\uXXXX` escape, as Python's
    // `json.dumps` and httpbin write it: an environ string holds bytes read as
    // latin-1 (`café` typed arrives as `"caf\u00c3\u00a9"`), and escaped they
    // read as the bytes they are rather than as the look-alike text `cafÃ©`.
    // The document is written as it is read, without a tree to build and free.
    var json = JSONPrettyWriter(asciiOnly: true, capacity: 1024 + body.count)
    json.openObject()
    json.name("environ")
    json.openObject()
    // The entries are visited twice rather than listed once: a server's environ lists them only when asked.
    environ.forEachEntry { entry in
      if case .string(let value) = entry.value {
        json.name(entry.key)
        json.string(value)
      }
    }
    json.closeObject()
    json.name("wsgi")
    json.openObject()
    // The value is looked at before the key: most entries are strings, which this object leaves out.
    environ.forEachEntry { entry in
      switch entry.value {
      case .bool(let flag) where Self.isWSGI(entry.key):
        json.name(entry.key)
        json.bool(flag)
      case .version(let major, let minor) where Self.isWSGI(entry.key):
        json.name(entry.key)
        json.openArray()
        json.integer(major)
        json.integer(minor)
        json.closeArray()
      case .bool, .version, .string, .input, .errors: break
      }
    }
    json.closeObject()
    if let text = body.isEmpty ? "" : String(utf8: body) {
      json.name("body")
      json.string(text)
    } else {
      json.name("body_hex")
      json.string(Self.hex(body))
    }
    json.name("body_length")
    json.integer(body.count)
    json.closeObject()
    let bytes = json.finish(lineFeed: true)
    try startResponse("200 OK", [("Content-Type", "application/json"), ("Content-Length", String(bytes.count))])
    return ChunkedBody([bytes])
  }

  /// Whether `key` starts with `wsgi.`, read from its bytes in place: `hasPrefix` compares
  /// characters, and a `zip` of the key's UTF-8 view with the prefix walks the view's indices.
  static func isWSGI(_ key: String) -> Bool {
    let inPlace = key.utf8.withContiguousStorageIfAvailable { bytes in
      bytes.count >= 5 && bytes[0] == UInt8(ascii: "w") && bytes[1] == UInt8(ascii: "s")
        && bytes[2] == UInt8(ascii: "g") && bytes[3] == UInt8(ascii: "i") && bytes[4] == UInt8(ascii: ".")
    }
    return inPlace ?? key.hasPrefix("wsgi.")
  }

  /// Two lowercase hex digits a byte, written straight into the string's storage: a body of
  /// many megabytes is echoed as quickly as one that is text.
  static func hex(_ bytes: [UInt8]) -> String {
    String(unsafeUninitializedCapacity: bytes.count * 2) { text in
      let digits: StaticString = "0123456789abcdef"
      for (index, byte) in bytes.enumerated() {
        text[2 * index] = digits.utf8Start[Int(byte >> 4)]
        text[2 * index + 1] = digits.utf8Start[Int(byte & 0xF)]
      }
      return bytes.count * 2
    }
  }
}
