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
  /// - Parameter nph: Whether the program is a non-parsed-header program (§5), whose first line is an HTTP status line.
  static func parse(_ raw: [UInt8], end: Int, nph: Bool) -> CGIResponseHead {
    // Split on bytes: as a String, "\r\n" is one character and would not split on "\n".
    var lines = raw[..<end].split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
      String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line, as: UTF8.self)
    }
    while lines.last == "" { lines.removeLast() }
    func malformed(_ reason: String) -> CGIResponseHead { .malformed(reason: reason, raw: raw) }

    var nphStatus: String?
    if nph {
      guard let first = lines.first, first.hasPrefix("HTTP/"), let space = first.firstIndex(of: " ") else {
        return malformed("the first line of an nph- program's response is not an HTTP status line")
      }
      nphStatus = String(first[first.index(after: space)...])
      lines.removeFirst()
    }
    var headers: [HeaderField] = []
    for (number, line) in lines.enumerated() {
      guard let colon = line.firstIndex(of: ":") else {
        return malformed("header line \(number + 1), \(line.quotedForMessage), has no ':'")
      }
      let name = String(line[..<colon])
      guard !name.isEmpty, name.unicodeScalars.allSatisfy(Self.isTokenCharacter) else {
        return malformed("header line \(number + 1), \(line.quotedForMessage), has a name that is not an HTTP token")
      }
      headers.append(HeaderField(name, String(line[line.index(after: colon)...]).trimmingSpaces))
    }
    if let nphStatus {
      return .document(status: nphStatus, headers: headers)
    }
    for special in ["Status", "Content-Type", "Location"] where headers.values(named: special).count > 1 {
      return malformed("the \(special) header appears more than once")
    }
    var status: String?
    if let value = headers.first(named: "Status") {
      guard Self.isStatus(value) else {
        return malformed("the Status header \(value.quotedForMessage) is not a three-digit code and a reason phrase")
      }
      status = value
      headers.removeAll { $0.name.lowercased() == "status" }
    }
    if let location = headers.first(named: "Location") {
      if location.hasPrefix("/"), status == nil {
        return .localRedirect(location: location)
      }
      if status == nil { status = "302 Found" }
    }
    return .document(status: status ?? "200 OK", headers: headers)
  }

  private static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar {
    case "a"..."z", "A"..."Z", "0"..."9": return true
    default: return "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar)
    }
  }

  private static func isStatus(_ value: String) -> Bool {
    let scalars = Array(value.unicodeScalars)
    guard scalars.count >= 3, scalars[0..<3].allSatisfy({ ("0"..."9").contains($0) }) else { return false }
    return scalars.count == 3 || scalars[3] == " "
  }
}
