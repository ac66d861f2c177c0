import Gateway

/// Where a body shown in part is cut: after a screenful of lines, and after no more bytes than
/// a screenful of characters, so one long line (minified JSON) cannot fill the screen either.
///
/// The cut is made on the bytes as sent, before they are escaped, so only what is shown costs
/// anything; the live view and the full render share it, on a terminal, a pipe or a file alike.
enum BodyCut {
  /// What is left of the screenful.
  struct Room {
    var lines: Int
    var bytes: Int
  }

  /// How many bytes of `bytes` fit `room`: for text never inside a UTF-8 character; for a hex dump,
  /// whose rows are sixteen bytes, the bytes the caller left room for.
  static func end(of bytes: [UInt8], within room: Room, binary: Bool) -> Int {
    guard room.lines > 0, room.bytes > 0 else { return 0 }
    if binary { return min(bytes.count, room.bytes) }
    var lines = 0
    var index = 0
    let limit = min(bytes.count, room.bytes)
    bytes.withUnsafeBufferPointer { bytes in
      guard let base = bytes.baseAddress else { return }
      while index < limit {
        // Eight bytes at a time up to the next line feed: lines are tens of bytes long.
        if index + 8 <= limit {
          let lineFeeds = ByteLanes.equal(ByteLanes.word(at: base + index), to: UInt8(ascii: "\n"))
          if lineFeeds == 0 {
            index += 8
            continue
          }
          index += lineFeeds.trailingZeroBitCount >> 3
        }
        index += 1
        if base[index - 1] == 0x0A {
          lines += 1
          if lines == room.lines { break }
        }
      }
    }
    var end = index
    while end < bytes.count, end > 0, bytes[end] & 0xC0 == 0x80 { end -= 1 }
    return end
  }
}
