import Gateway

/// The header section of a CGI program's response, parsed per RFC 3875 §6.
enum CGIResponseHead: Equatable {
  /// A document: the status (default `200 OK`) and the headers, in order.
  case document(status: String, headers: [HeaderField])
  /// `Location: /path` alone: the server fetches the path itself (§6.2.2).
  case localRedirect(location: String)
  /// The program broke the response format; `raw` holds every byte read so far.
  case malformed(reason: String, raw: [UInt8])

  /// Where the header section ends in `bytes`: the index after the first blank
  /// line (LF or CRLF line ends), or `nil` when it has not ended yet.
  /// - Parameter lineStart: Where the first line not yet seen whole starts; the
  ///   scan resumes there, so output that trickles in is not scanned again and again.
  static func headerEnd(in bytes: [UInt8], resumingAt lineStart: inout Int) -> Int? {
    var index = lineStart
    while let newline = bytes[index...].firstIndex(of: UInt8(ascii: "\n")) {
      let length = newline - index
      if length == 0 || (length == 1 && bytes[index] == UInt8(ascii: "\r")) { return newline + 1 }
      index = newline + 1
    }
    lineStart = index
    return nil
  }

  /// Parses the header section `raw[..<end]`; `raw` is kept whole for a malformed response.
  ///
  /// It works on the bytes: only names and values become Strings (splitting into
  /// String lines and searching them by Character was most of a small script's parsing).
  /// - Parameter nph: Whether the program is a non-parsed-header program (§5), whose first line is an HTTP status line.
  static func parse(_ raw: [UInt8], end: Int, nph: Bool) -> CGIResponseHead {
    func malformed(_ reason: String) -> CGIResponseHead { .malformed(reason: reason, raw: raw) }
    // Lines as byte ranges without their CR LF or LF; the blank lines that end the section are dropped.
    var lines: [Range<Int>] = []
    var lineStart = 0
    while lineStart < end {
      let newline = raw[lineStart..<end].firstIndex(of: UInt8(ascii: "\n")) ?? end
      var lineEnd = newline
      if lineEnd > lineStart, raw[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
      lines.append(lineStart..<lineEnd)
      lineStart = newline + 1
    }
    while let last = lines.last, last.isEmpty { lines.removeLast() }
    func text(_ range: Range<Int>) -> String { String(decoding: raw[range], as: UTF8.self) }
    // A status and a header's value hold the bytes sent, each read as latin-1, as a WSGI app's
    // native strings hold them: a value in UTF-8 is shown (and checked) as the text it is, and a
    // byte that is not UTF-8 is kept rather than made U+FFFD.
    func native(_ range: Range<Int>) -> String { String(latin1: raw[range]) }

    var nphStatus: String?
    if nph {
      guard let first = lines.first, raw[first].starts(with: "HTTP/".utf8),
        let space = raw[first].firstIndex(of: UInt8(ascii: " "))
      else {
        return malformed("the first line of an nph- program's response is not an HTTP status line")
      }
      nphStatus = native(space + 1..<first.upperBound)
      lines.removeFirst()
    }
    var headers: [HeaderField] = []
    headers.reserveCapacity(lines.count)
    // How often Status, Content-Type and Location appear, and where each first does.
    var specialCounts = (0, 0, 0)
    var statusIndex: Int?
    var locationIndex: Int?
    for (number, line) in lines.enumerated() {
      guard let colon = raw[line].firstIndex(of: UInt8(ascii: ":")) else {
        return malformed("header line \(number + 1), \(text(line).quotedForMessage), has no ':'")
      }
      let name = raw[line.lowerBound..<colon]
      guard !name.isEmpty, name.allSatisfy(Self.isTokenByte) else {
        return malformed(
          "header line \(number + 1), \(text(line).quotedForMessage), has a name that is not an HTTP token")
      }
      var valueStart = colon + 1
      var valueEnd = line.upperBound
      while valueStart < valueEnd, raw[valueStart] == 0x20 || raw[valueStart] == 0x09 { valueStart += 1 }
      while valueEnd > valueStart, raw[valueEnd - 1] == 0x20 || raw[valueEnd - 1] == 0x09 { valueEnd -= 1 }
      if Self.nameMatches(name, "status") {
        specialCounts.0 += 1
        if statusIndex == nil { statusIndex = headers.count }
      } else if Self.nameMatches(name, "content-type") {
        specialCounts.1 += 1
      } else if Self.nameMatches(name, "location") {
        specialCounts.2 += 1
        if locationIndex == nil { locationIndex = headers.count }
      }
      headers.append(HeaderField(text(line.lowerBound..<colon), native(valueStart..<valueEnd)))
    }
    if let nphStatus {
      return .document(status: nphStatus, headers: headers)
    }
    for (special, count) in [
      ("Status", specialCounts.0), ("Content-Type", specialCounts.1), ("Location", specialCounts.2),
    ]
    where count > 1 {
      return malformed("the \(special) header appears more than once")
    }
    var status: String?
    if let statusIndex {
      let value = headers[statusIndex].value
      guard Self.isStatus(value) else {
        return malformed("the Status header \(value.quotedForMessage) is not a three-digit code and a reason phrase")
      }
      status = value
      headers.remove(at: statusIndex)
      if let index = locationIndex, index > statusIndex { locationIndex = index - 1 }
    }
    if let locationIndex {
      let location = headers[locationIndex].value
      if location.hasPrefix("/"), status == nil {
        return .localRedirect(location: location)
      }
      if status == nil { status = "302 Found" }
    }
    return .document(status: status ?? "200 OK", headers: headers)
  }

  /// Whether a header name's bytes are `lowercase` without regard to ASCII case.
  private static func nameMatches(_ name: ArraySlice<UInt8>, _ lowercase: StaticString) -> Bool {
    guard name.count == lowercase.utf8CodeUnitCount else { return false }
    return lowercase.withUTF8Buffer { expected in
      zip(name, expected).allSatisfy { (0x41...0x5A).contains($0) ? $0 | 0x20 == $1 : $0 == $1 }
    }
  }

  private static func isTokenByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"):
      return true
    default:
      return "!#$%&'*+-.^_`|~".utf8.contains(byte)
    }
  }

  private static func isStatus(_ value: String) -> Bool {
    let scalars = Array(value.unicodeScalars)
    guard scalars.count >= 3, scalars[0..<3].allSatisfy({ ("0"..."9").contains($0) }) else { return false }
    return scalars.count == 3 || scalars[3] == " "
  }
}
