extension JSONValue {
  /// The value on one line, without spaces.
  public var compactText: String {
    var output = ByteWriter(capacity: 256)
    defer { output.deallocate() }
    write(into: &output, pretty: false, depth: 0)
    return String(decoding: output.written, as: UTF8.self)
  }

  /// The value indented by two spaces a level, members in document order.
  public var prettyText: String {
    var output = ByteWriter(capacity: 512)
    defer { output.deallocate() }
    write(into: &output, pretty: true, depth: 0)
    return String(decoding: output.written, as: UTF8.self)
  }

  /// The value indented by two spaces a level, as UTF-8 bytes: what
  /// ``prettyText`` holds, without making a `String` of it.
  ///
  /// With `asciiOnly`, every character past ASCII is written as a `\uXXXX`
  /// escape (a surrogate pair past U+FFFF), as Python's `json.dumps` writes it.
  public func prettyUTF8(asciiOnly: Bool = false) -> [UInt8] {
    var output = ByteWriter(capacity: 512)
    write(into: &output, pretty: true, depth: 0, asciiOnly: asciiOnly)
    return output.finish()
  }

  /// `text` as a JSON string literal, with controls escaped so it stays on one line.
  public static func quoted(_ text: String) -> String {
    var output = ByteWriter(capacity: text.utf8.count + 2)
    defer { output.deallocate() }
    writeQuoted(text, into: &output)
    return String(decoding: output.written, as: UTF8.self)
  }

  // The writers append UTF-8 bytes to one buffer: building a `String` a scalar
  // at a time cost more than everything else in printing a document.

  private func write(into output: inout ByteWriter, pretty: Bool, depth: Int, asciiOnly: Bool = false) {
    switch self {
    case .null: output.append("null")
    case .bool(let flag): output.append(flag ? "true" : "false")
    case .number(let text): Self.writeBytes(text, into: &output)
    case .string(let text): Self.writeQuoted(text, asciiOnly: asciiOnly, into: &output)
    case .array(let items):
      output.append(UInt8(ascii: "["))
      guard !items.isEmpty else { return output.append(UInt8(ascii: "]")) }
      for (index, item) in items.enumerated() {
        if index > 0 { output.append(UInt8(ascii: ",")) }
        if pretty { output.newline(indent: (depth + 1) * 2) }
        item.write(into: &output, pretty: pretty, depth: depth + 1, asciiOnly: asciiOnly)
      }
      if pretty { output.newline(indent: depth * 2) }
      output.append(UInt8(ascii: "]"))
    case .object(let members):
      output.append(UInt8(ascii: "{"))
      guard !members.isEmpty else { return output.append(UInt8(ascii: "}")) }
      for (index, member) in members.enumerated() {
        if index > 0 { output.append(UInt8(ascii: ",")) }
        if pretty { output.newline(indent: (depth + 1) * 2) }
        Self.writeQuoted(member.key, asciiOnly: asciiOnly, into: &output)
        if pretty { output.append(UInt8(ascii: ":"), UInt8(ascii: " ")) } else { output.append(UInt8(ascii: ":")) }
        member.value.write(into: &output, pretty: pretty, depth: depth + 1, asciiOnly: asciiOnly)
      }
      if pretty { output.newline(indent: depth * 2) }
      output.append(UInt8(ascii: "}"))
    }
  }

  /// Appends `text`'s UTF-8 bytes as they are.
  private static func writeBytes(_ text: String, into output: inout ByteWriter) {
    if text.utf8.withContiguousStorageIfAvailable({ output.append($0) }) == nil {
      var copy = text
      copy.withUTF8 { output.append($0) }
    }
  }

  /// Appends `text` quoted: `"` and `\` escaped, C0 and C1 controls and DEL as
  /// `\n`, `\r`, `\t` or `\u00XX`, everything else as its UTF-8 bytes, copied a run at a time;
  /// with `asciiOnly`, characters past ASCII as `\uXXXX` escapes.
  @inline(__always)
  static func writeQuoted(_ text: String, asciiOnly: Bool = false, into output: inout ByteWriter) {
    let pastASCII: UInt8 = asciiOnly ? 0x80 : 0
    // A native string's bytes are read in place; only a bridged one is copied first.
    if text.utf8.withContiguousStorageIfAvailable({ writeQuotedBytes($0, pastASCII: pastASCII, into: &output) }) == nil
    {
      var copy = text
      copy.withUTF8 { writeQuotedBytes($0, pastASCII: pastASCII, into: &output) }
    }
  }

  private static func writeQuotedBytes(
    _ bytes: UnsafeBufferPointer<UInt8>, pastASCII: UInt8, into output: inout ByteWriter
  ) {
    // Nearly every name and value needs no escape: one check of its words, then one copy between the quotes.
    if isPlainASCII(bytes) {
      let count = bytes.count
      output.reserve(count &+ 2)
      let end = output.end
      end[0] = UInt8(ascii: "\"")
      if let base = bytes.baseAddress { ByteWriter.copy(base, to: end + 1, count: count) }
      end[count &+ 1] = UInt8(ascii: "\"")
      output.advance(by: count &+ 2)
      return
    }
    output.append(UInt8(ascii: "\""))
    writeEscapingBytes(bytes, pastASCII: pastASCII, into: &output)
    output.append(UInt8(ascii: "\""))
  }

  /// Whether every byte is printable ASCII but `"` and `\`, so the bytes go between the quotes as they are.
  @inline(__always)
  private static func isPlainASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    let count = bytes.count
    guard count >= 8 else {
      for index in 0..<count {
        let byte = base[index]
        if byte < 0x20 || byte >= 0x7F || byte == 0x22 || byte == 0x5C { return false }
      }
      return true
    }
    var index = 0
    while index &+ 8 < count {
      if notPlainASCII(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) != 0 { return false }
      index &+= 8
    }
    // The last word, which may overlap the one before.
    return notPlainASCII(UnsafeRawPointer(base + (count &- 8)).loadUnaligned(as: UInt64.self)) == 0
  }

  private static func writeEscapingBytes(
    _ bytes: UnsafeBufferPointer<UInt8>, pastASCII: UInt8, into output: inout ByteWriter
  ) {
    let asciiOnly = pastASCII != 0
    do {
      var runStart = 0
      var index = 0
      while index < bytes.count {
        // A string is mostly plain ASCII: step over it eight bytes at a time, and straight to the first
        // byte that is not.
        if index &+ 8 <= bytes.count {
          let special = notPlainASCII(UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self))
          if special == 0 {
            index &+= 8
            continue
          }
          index &+= special.trailingZeroBitCount &>> 3
        } else if bytes.count >= 8 {
          // Fewer than eight left: the last word, which ends the string when it is all plain, or
          // holds the next byte that is not, unless one already read comes first.
          let last = bytes.count &- 8
          let special = notPlainASCII(UnsafeRawPointer(bytes.baseAddress! + last).loadUnaligned(as: UInt64.self))
          if special == 0 { break }
          index = max(index, last &+ special.trailingZeroBitCount &>> 3)
        }
        let byte = bytes[index]
        // Most bytes need nothing: printable ASCII but `"` and `\`, and UTF-8 other than C1 controls.
        if byte >= 0x20, byte & pastASCII == 0, byte != 0x22, byte != 0x5C, byte != 0x7F, byte != 0xC2 {
          index += 1
          continue
        }
        if byte >= 0x80, asciiOnly {
          output.append(bytes.baseAddress! + runStart, count: index - runStart)
          // A Swift string is valid UTF-8, so the lead byte says how many follow.
          let length = byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
          var scalar = UInt32(byte) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
          for offset in 1..<length { scalar = scalar << 6 | UInt32(bytes[index + offset] & 0x3F) }
          if scalar >= 0x1_0000 {
            writeEscape(0xD800 + (scalar - 0x1_0000) >> 10, into: &output)
            writeEscape(0xDC00 + (scalar - 0x1_0000) & 0x3FF, into: &output)
          } else {
            writeEscape(scalar, into: &output)
          }
          index += length
          runStart = index
          continue
        }
        var scalar = UInt32(byte)
        var length = 1
        if byte == 0xC2 {
          guard index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) else {
            index += 1
            continue
          }
          scalar = UInt32(bytes[index + 1])
          length = 2
        }
        output.append(bytes.baseAddress! + runStart, count: index - runStart)
        switch scalar {
        case 0x22: output.append(UInt8(ascii: "\\"), UInt8(ascii: "\""))
        case 0x5C: output.append(UInt8(ascii: "\\"), UInt8(ascii: "\\"))
        case 0x0A: output.append(UInt8(ascii: "\\"), UInt8(ascii: "n"))
        case 0x0D: output.append(UInt8(ascii: "\\"), UInt8(ascii: "r"))
        case 0x09: output.append(UInt8(ascii: "\\"), UInt8(ascii: "t"))
        default: writeEscape(scalar, into: &output)
        }
        index += length
        runStart = index
      }
      output.append(bytes.baseAddress! + runStart, count: bytes.count - runStart)
    }
  }

  /// The top bit of each of the eight bytes of `word` (read little-endian) that is not copied
  /// into a string literal as it is (printable ASCII but `"` and `\`); exact for the first such
  /// byte, which is all that is read.
  @inline(__always)
  static func notPlainASCII(_ word: UInt64) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let high: UInt64 = 0x8080_8080_8080_8080
    // A top bit set: past ASCII; below 0x20 (adding 0x60 leaves the top bit clear); DEL (adding 1 sets
    // it). A sum carries, and a difference borrows, only into the bytes after the first one found.
    let unprintable = word | ~(word &+ 0x6060_6060_6060_6060) | (word &+ ones)
    let quotes = word ^ 0x2222_2222_2222_2222
    let backslashes = word ^ 0x5C5C_5C5C_5C5C_5C5C
    return (unprintable | (quotes &- ones) & ~quotes | (backslashes &- ones) & ~backslashes) & high
  }

  /// `\u` and four lowercase hex digits.
  private static func writeEscape(_ unit: UInt32, into output: inout ByteWriter) {
    let digits: StaticString = "0123456789abcdef"
    output.reserve(6)
    let end = output.end
    end[0] = UInt8(ascii: "\\")
    end[1] = UInt8(ascii: "u")
    for index in 0..<4 { end[2 + index] = digits.utf8Start[Int(unit >> UInt32(12 - 4 * index) & 0xF)] }
    output.advance(by: 6)
  }
}
