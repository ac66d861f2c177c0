/// PEP 3333's native strings: the environ's strings hold the request's bytes,
/// each byte one code point U+0000 to U+00FF (read as latin-1), whatever the
/// text meant. What a user types is text; it goes on the wire as UTF-8, so
/// `café` reaches an app as `'caf\xc3\xa9'`, as wsgiref behind curl gives it.
extension String {
  /// The native string of this text: its UTF-8 bytes, each read as latin-1, except that a
  /// byte's stand-in (``VisibleText/byteStandIns``, which ``clientText`` holds for a byte an app
  /// sent that is not UTF-8) is the byte it stands for.
  ///
  /// ASCII reads the same either way and is returned as it is, without a copy;
  /// only text holding a byte of 0x80 or more is rebuilt.
  package var nativeFromUTF8: String {
    var text = self
    // withUTF8 reads a native string in place; the scan is the whole cost for ASCII.
    return text.withUTF8 { bytes in
      guard bytes.contains(where: { $0 >= 0x80 }) else { return nil }
      return String(nativeOfUTF8: bytes)
    } ?? self
  }

  /// The native string of UTF-8 `bytes`: each byte read as latin-1, but each byte's stand-in
  /// (``VisibleText/byteStandIns``) as the one byte it stands for, so what an app sent comes back as it was.
  package init(nativeOfUTF8 bytes: UnsafeBufferPointer<UInt8>) {
    // A stand-in is U+10F780 to U+10F7FF, four bytes of UTF-8 led by F4; text without one is read as it is.
    guard bytes.contains(0xF4) else {
      self.init(latin1: bytes)
      return
    }
    var scalars = String.UnicodeScalarView()
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      // F4 8F, then 9E for the bytes 0x80 to 0xBF or 9F for 0xC0 to 0xFF, then their low six bits.
      if byte == 0xF4, index + 3 < bytes.count, bytes[index + 1] == 0x8F, bytes[index + 2] & 0xFE == 0x9E,
        bytes[index + 3] & 0xC0 == 0x80
      {
        scalars.append(Unicode.Scalar((bytes[index + 2] - 0x9C) << 6 | bytes[index + 3] & 0x3F))
        index += 4
      } else {
        scalars.append(Unicode.Scalar(byte))
        index += 1
      }
    }
    self = String(scalars)
  }

  /// The string whose code points are `bytes`, each read as latin-1.
  package init(latin1 bytes: some Collection<UInt8>) {
    // ASCII (nearly every header) reads the same either way, and is decoded at once.
    if bytes.allSatisfy({ $0 < 0x80 }) {
      self = String(decoding: bytes, as: UTF8.self)
      return
    }
    var scalars = String.UnicodeScalarView()
    for byte in bytes { scalars.append(Unicode.Scalar(byte)) }
    self = String(scalars)
  }

  /// The bytes a native string holds, or `nil` when it holds a code point past
  /// U+00FF (which no server could have read off the wire).
  package var nativeBytes: [UInt8]? {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(utf8.count)
    for scalar in unicodeScalars {
      guard scalar.value <= 0xFF else { return nil }
      bytes.append(UInt8(scalar.value))
    }
    return bytes
  }

  /// The text a native string stands for, as a user would have typed it: its
  /// bytes decoded as UTF-8; `nil` when it holds no byte of 0x80 or more (it
  /// reads the same as it is), a code point past U+00FF, or bytes that are
  /// not UTF-8.
  package var textOfNative: String? {
    guard !isASCII, let bytes = nativeBytes else { return nil }
    return String(utf8: bytes)
  }

  /// Whether every byte is ASCII, read eight at a time: nearly every header value is, on every response.
  package var isASCII: Bool {
    let inPlace = utf8.withContiguousStorageIfAvailable { bytes in
      ByteLanes.noLaneMarked(in: bytes) { $0 & 0x8080_8080_8080_8080 } ?? bytes.allSatisfy { $0 < 0x80 }
    }
    return inPlace ?? utf8.allSatisfy { $0 < 0x80 }
  }

  /// What a client reads a native string as, and sends again as the same bytes: the text its
  /// bytes are (``textOfNative``), each byte that is not UTF-8 held as its stand-in
  /// (``VisibleText/byteStandIns``: shown `\xe9`, sent again by ``nativeFromUTF8`` as the byte);
  /// the string as it is when it holds a code point past U+00FF. For a value an app sent (a
  /// header), shown, checked and recorded, that comes back in a request: a cookie, a redirect, a
  /// captured value.
  package var clientText: String {
    guard !isASCII, let bytes = nativeBytes else { return self }
    return String(utf8: bytes) ?? String(utf8StandingInForInvalid: bytes)
  }

  /// `bytes` decoded as UTF-8, each byte that is not (a latin-1 `E9`, a cut sequence) held as its stand-in.
  package init(utf8StandingInForInvalid bytes: [UInt8]) {
    var text = ""
    bytes.withUnsafeBufferPointer { buffer in
      var start = 0
      while start < buffer.count {
        let rest = UnsafeBufferPointer(rebasing: buffer[start...])
        do throws(UTF8.ValidationError) {
          text += String(copying: try UTF8Span(validating: rest.span))
          return
        } catch {
          // The bytes before the error are UTF-8; those it names (one, or a sequence cut short) are not.
          let invalid = error.byteOffsets
          text += String(decoding: rest[..<invalid.lowerBound], as: UTF8.self)
          for byte in rest[invalid] {
            // Only a byte of 0x80 or more can fail to be UTF-8; the guard keeps ASCII itself regardless.
            text.unicodeScalars.append(byte < 0x80 ? Unicode.Scalar(byte) : VisibleText.standIn(forByte: byte))
          }
          start += invalid.upperBound
        }
      }
    }
    self = text
  }
}

extension String {
  /// Decodes text a Python process encoded with `surrogatepass`: UTF-8, except
  /// that a lone surrogate (which Python strings may hold, and Swift strings
  /// cannot) arrives as its three-byte form. Each becomes its stand-in in
  /// ``VisibleText/surrogateStandIns``, shown as `\u{d800}`; any other byte
  /// that is not UTF-8 becomes U+FFFD.
  package init(decodingSurrogatePassing bytes: UnsafeBufferPointer<UInt8>) {
    if let text = String(utf8: bytes) {
      self = text
      return
    }
    var scalars = String.UnicodeScalarView()
    var start = 0
    var index = 0
    func flush(upTo end: Int) {
      if start < end {
        scalars.append(
          contentsOf: String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self).unicodeScalars)
      }
    }
    while index + 2 < bytes.count {
      // 0xED 0xA0...0xBF 0x80...0xBF: the UTF-8 form of U+D800 to U+DFFF.
      if bytes[index] == 0xED, bytes[index + 1] & 0xE0 == 0xA0, bytes[index + 2] & 0xC0 == 0x80 {
        flush(upTo: index)
        let value = 0xD000 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
        scalars.append(VisibleText.standIn(forSurrogate: value))
        index += 3
        start = index
      } else {
        index += 1
      }
    }
    flush(upTo: bytes.count)
    self = String(scalars)
  }
}
