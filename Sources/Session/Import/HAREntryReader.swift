/// Reads the entries of a HAR's `log.entries` one at a time from the file, in
/// pieces: memory holds one piece and one entry, not the file nor a tree of it.
///
/// It follows only what it must (strings, nesting, the `entries` key inside
/// `log`); each entry's bytes are then parsed as JSON on their own.
struct HAREntryReader {
  /// What the reader found wrong with the file's shape.
  struct Problem: Error {
    var message: String
  }

  var source: FileByteSource

  init(path: String) throws {
    source = try FileByteSource(path: path)
  }

  /// Hands each entry's JSON bytes to `each`, in order.
  mutating func read(_ each: ([UInt8]) -> Void) throws -> Int {
    var depth = 0
    var inString = false
    var escaped = false
    var stringBytes: [UInt8] = []
    var lastKey: [UInt8] = []
    var keyAtLog = false  // the last string at depth 1 was "log", so the object at depth 2 is log
    var inLog = false
    var awaitingArray = false
    var inEntries = false
    var entry: [UInt8] = []
    var count = 0
    while true {
      let piece = try source.read(upTo: 256 * 1024)
      if piece.isEmpty { break }
      for byte in piece {
        if inEntries, !entry.isEmpty { entry.append(byte) }
        if inString {
          if escaped {
            escaped = false
          } else if byte == UInt8(ascii: "\\") {
            escaped = true
          } else if byte == UInt8(ascii: "\"") {
            inString = false
            if depth <= 2 { lastKey = stringBytes }
          } else if depth <= 2, stringBytes.count < 16 {
            stringBytes.append(byte)
          }
          continue
        }
        switch byte {
        case UInt8(ascii: "\""):
          inString = true
          stringBytes = []
        case UInt8(ascii: ":"):
          if depth == 1 { keyAtLog = lastKey == Array("log".utf8) }
          if depth == 2, inLog { awaitingArray = lastKey == Array("entries".utf8) }
        case UInt8(ascii: "{"), UInt8(ascii: "["):
          depth += 1
          if depth == 2, keyAtLog, byte == UInt8(ascii: "{") { inLog = true }
          if depth == 3, awaitingArray, byte == UInt8(ascii: "[") {
            inEntries = true
            awaitingArray = false
          } else if depth == 4, inEntries, entry.isEmpty {
            entry = [byte]
          }
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
          depth -= 1
          if inEntries, depth == 3, !entry.isEmpty {
            each(entry)
            count += 1
            entry = []
          } else if inEntries, depth == 2 {
            return count
          } else if depth == 1, inLog {
            inLog = false
          }
        default:
          if depth == 2, inLog, byte == UInt8(ascii: ","), awaitingArray { awaitingArray = false }
        }
      }
    }
    throw Problem(message: "the HAR file has no log.entries array")
  }
}
