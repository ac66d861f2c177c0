/// The values of `-d`, `--data-*`, `--json` and `-F`: bodies and form fields, files read as curl reads them.
extension CurlCommand {
  /// One `-d`-like value as body bytes, a file read as its mode says.
  func piece(_ value: [UInt8], mode: DataMode, _ at: Int) throws(Problem) -> CurlRequest.BodyPiece {
    switch mode {
    case .raw:
      return .bytes(value)
    case .ascii, .binary:
      guard value.first == UInt8(ascii: "@") else { return .bytes(value) }
      let path = resolve(String(decoding: value.dropFirst(), as: UTF8.self))
      if mode == .binary { return .file(path) }
      let bytes = try read(path, at)
      return .bytes(bytes.filter { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") })
    case .urlencode:
      let text = value
      if let equals = text.firstIndex(of: UInt8(ascii: "=")) {
        let name = text[..<equals]
        return .bytes(Array(name) + (name.isEmpty ? [] : [UInt8(ascii: "=")]) + Self.urlEncoded(text[(equals + 1)...]))
      }
      if let at = text.firstIndex(of: UInt8(ascii: "@")) {
        let name = text[..<at]
        let content = try read(resolve(String(decoding: text[(at + 1)...], as: UTF8.self)), at)
        return .bytes(Array(name) + (name.isEmpty ? [] : [UInt8(ascii: "=")]) + Self.urlEncoded(content[...]))
      }
      return .bytes(Self.urlEncoded(text[...]))
    }
  }

  /// `-F name=value`, `name=@file`, `name=<file`, each with `;type=` and `;filename=`.
  func formField(_ value: String, literal: Bool, _ at: Int) throws(Problem) -> FormField {
    guard let equals = value.firstIndex(of: "="), equals != value.startIndex else {
      throw Problem(expected: "'name=value', 'name=@file' or 'name=<file' after -F", found: value, word: at)
    }
    let name = String(value[..<equals])
    var content = String(value[value.index(after: equals)...])
    if literal { return FormField(name: name, value: .text(Array(content.utf8))) }
    var type: String?
    var filename: String?
    // `;type=` and `;filename=` follow the value (for a file, its path), as curl reads them.
    while let semicolon = content.lastIndex(of: ";") {
      let parameter = content[content.index(after: semicolon)...]
      if parameter.hasPrefix("type=") {
        type = String(parameter.dropFirst(5))
      } else if parameter.hasPrefix("filename=") {
        filename = String(String(parameter.dropFirst(9)).trimmingCharacters(in: "\""))
      } else {
        break
      }
      content = String(content[..<semicolon])
    }
    if content.hasPrefix("@") {
      let path = resolve(String(content.dropFirst()))
      guard FileIO.size(of: path) != nil else { throw Problem(expected: "a readable file", found: path, word: at) }
      return FormField(name: name, value: .file(path: path), type: type, filename: filename)
    }
    if content.hasPrefix("<") {
      let path = resolve(String(content.dropFirst()))
      guard FileIO.size(of: path) != nil else { throw Problem(expected: "a readable file", found: path, word: at) }
      return FormField(name: name, value: .fileContent(path: path), type: type, filename: filename)
    }
    return FormField(name: name, value: .text(Array(content.utf8)), type: type, filename: filename)
  }

  func read(_ path: String, _ at: Int) throws(Problem) -> [UInt8] {
    guard let bytes = FileIO.read(path) else { throw Problem(expected: "a readable file", found: path, word: at) }
    return bytes
  }

  func resolve(_ path: String) -> String { Parser.resolve(path, against: directory) }

  /// `application/x-www-form-urlencoded` escaping, as curl's `--data-urlencode` writes it.
  static func urlEncoded(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
    var encoded: [UInt8] = []
    for byte in bytes {
      let unreserved =
        byte &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "A") < 26 || byte &- UInt8(ascii: "0") < 10
        || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
        || byte == UInt8(ascii: "~")
      if unreserved {
        encoded.append(byte)
      } else {
        encoded += Array(
          ("%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 15, radix: 16, uppercase: true)).utf8)
      }
    }
    return encoded
  }
}
