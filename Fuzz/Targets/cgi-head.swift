// Fuzz target: a CGI program's response head (RFC 3875 §6, and §5's nph- programs),
// as Sources/AppLoaders/CGI/CGIResponseHead.swift finds and parses it.
//
// The input is what the program wrote; its first byte says how the output trickles in
// (the size of each read) and whether the program is an nph- one. Properties, beyond "no crash":
// - the end of the head is found at the same place however the output is split into reads;
// - a parsed document has a status (three digits then a space or nothing, unless nph-), no Status
//   header left among its headers, header names that are HTTP tokens, values with no line break
//   and no surrounding blanks, and one header for each header line;
// - a document written back as a CGI head parses to the same document;
// - a local redirect's location is a path; a malformed response keeps every byte it read.
import Gateway

@testable import AppLoaders

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  guard count > 0 else { return 0 }
  let input = UnsafeRawBufferPointer(start: start, count: count)
  let control = input[0]
  let output = [UInt8](input[1...])
  let nph = control & 0x80 != 0
  let readSize = Int(control & 0x7F) + 1

  // The whole output at once, as a fast program's pipe gives it.
  var scanned = 0
  let end = CGIResponseHead.headerEnd(in: output, resumingAt: &scanned)
  // The same output in reads of `readSize` bytes, scanning as each arrives, as CGIApplication does.
  var raw: [UInt8] = []
  var resume = 0
  var trickledEnd: Int?
  var offset = 0
  while offset < output.count, trickledEnd == nil {
    raw += output[offset..<min(offset + readSize, output.count)]
    offset += readSize
    trickledEnd = CGIResponseHead.headerEnd(in: raw, resumingAt: &resume)
  }
  require(
    end == trickledEnd,
    "the head ends at \(String(describing: end)) read whole, \(String(describing: trickledEnd)) read by \(readSize)")
  guard let end else { return 0 }
  require(end <= output.count && output[end - 1] == UInt8(ascii: "\n"), "the head does not end after a line feed")

  let head = CGIResponseHead.parse(output, end: end, nph: nph)
  switch head {
  case .malformed(let reason, let kept):
    require(!reason.isEmpty, "a malformed response without a reason")
    require(kept == output, "a malformed response lost bytes")
  case .localRedirect(let location):
    require(!nph, "an nph- response taken for a local redirect")
    require(location.hasPrefix("/"), "a local redirect to \(location.debugDescription)")
  case .document(let status, let headers):
    checkDocument(status: status, headers: headers, nph: nph, output: output, end: end)
    if !nph { checkRewritten(status: status, headers: headers) }
  }
  return 0
}

func checkDocument(status: String, headers: [HeaderField], nph: Bool, output: [UInt8], end: Int) {
  require(!status.contains("\n"), "a status with a line feed: \(status.debugDescription)")
  if !nph {
    let scalars = Array(status.unicodeScalars)
    require(
      scalars.count >= 3 && scalars[0..<3].allSatisfy { ("0"..."9").contains($0) }
        && (scalars.count == 3 || scalars[3] == " "),
      "a status that is not a code and a reason: \(status.debugDescription)")
    require(!headers.contains { $0.name.lowercased() == "status" }, "a Status header left among the headers")
  }
  for header in headers {
    require(
      !header.name.isEmpty && header.name.utf8.allSatisfy(isTokenByte),
      "a header name that is not a token: \(header.name.debugDescription)")
    require(!header.value.contains("\n"), "a header value with a line feed: \(header.value.debugDescription)")
    require(
      header.value.first != " " && header.value.first != "\t" && header.value.last != " "
        && header.value.last != "\t",
      "a header value with surrounding blanks: \(header.value.debugDescription)")
  }
  // Each non-blank line before the blank one is a header (or the Status, or nph-'s status line).
  var lines = output[..<end].split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
    $0.last == UInt8(ascii: "\r") ? $0.dropLast() : $0
  }
  while let last = lines.last, last.isEmpty { lines.removeLast() }
  let statusLines = nph ? 1 : lines.count(where: { nameOf($0).lowercased() == "status" })
  require(
    headers.count + statusLines == lines.count,
    "\(lines.count) head lines gave \(headers.count) headers and \(statusLines) status lines")
}

func nameOf(_ line: ArraySlice<UInt8>) -> String {
  String(decoding: line.prefix { $0 != UInt8(ascii: ":") }, as: UTF8.self)
}

/// The document as a CGI program would write it, parsed again: the same document.
func checkRewritten(status: String, headers: [HeaderField]) {
  var text = "Status: \(status)\r\n"
  for header in headers { text += "\(header.name): \(header.value)\r\n" }
  text += "\r\n"
  // The status and the values hold the bytes read, each as a latin-1 code point: written back as those bytes.
  let bytes = text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
  var scanned = 0
  guard let end = CGIResponseHead.headerEnd(in: bytes, resumingAt: &scanned) else {
    fail("the written-back head has no end:\n\(text.debugDescription)")
  }
  let again = CGIResponseHead.parse(bytes, end: end, nph: false)
  require(
    again == .document(status: status, headers: headers),
    "the written-back head parses to another response:\n\(text.debugDescription)\n\(again)")
}

func isTokenByte(_ byte: UInt8) -> Bool {
  switch byte {
  case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
    UInt8(ascii: "0")...UInt8(ascii: "9"):
    return true
  default:
    return "!#$%&'*+-.^_`|~".utf8.contains(byte)
  }
}
