import Platform

/// How a journal says whose it is and whether its session ended, so that the next
/// start can point at the journal of a session that did not end: killed, or its
/// terminal closed, with what was typed in it nowhere else.
extension Journal {
  /// The line a shell's journal starts with: its process, named for good by its id and
  /// start time, so a later shell can tell whether the journal's shell still runs.
  static var sessionHeader: String {
    let process = ProcessEnvironment.processID
    let start = ProcessEnvironment.startTime(of: process).map { ", start \($0)" } ?? ""
    return "# gwsh session journal (process \(process)\(start))"
  }

  /// The line that ends the journal of a session ended by `quit`, Ctrl-D or the end of its input.
  static let endLine = "# the session ended"

  /// Notes that the session ended as it should: the next start has nothing to point at.
  func markEnded() {
    append(text: Self.endLine + "\n")
  }

  /// The process and start time in a journal's first line (``sessionHeader``).
  ///
  /// Read on the bytes: a start reads the newest journals' first lines, and splitting a string
  /// on a string costs the run time's generic lookups on first use.
  static func owner(of head: [UInt8]) -> (process: Int32, start: UInt64)? {
    let line = head.prefix { $0 != UInt8(ascii: "\n") }
    let prefix = Array("# gwsh session journal (process ".utf8)
    let separator = Array(", start ".utf8)
    guard line.starts(with: prefix), line.last == UInt8(ascii: ")") else { return nil }
    let fields = line[(line.startIndex + prefix.count)..<(line.endIndex - 1)]
    guard let digitsEnd = fields.firstIndex(where: { !isDigit($0) }),
      fields[digitsEnd...].starts(with: separator),
      let process = decimal(fields[..<digitsEnd]).flatMap({ Int32(exactly: $0) }),
      let start = decimal(fields[(digitsEnd + separator.count)...])
    else { return nil }
    return (process, start)
  }

  private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

  /// The number `digits` write, or `nil` when they are none, not all digits, or too many.
  private static func decimal(_ digits: ArraySlice<UInt8>) -> UInt64? {
    guard !digits.isEmpty, digits.count <= 19, digits.allSatisfy(isDigit) else { return nil }
    return digits.reduce(0) { $0 * 10 + UInt64($1 - UInt8(ascii: "0")) }
  }
}
