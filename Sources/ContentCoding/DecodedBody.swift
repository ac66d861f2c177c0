import Gateway

/// A spill whose bytes can be read back in pieces, as the shell's file spill can.
package protocol PieceReadable {
  /// Reads the bytes in order, calling `body` with each piece until it returns `false`.
  func forEachPiece(_ body: ([UInt8]) -> Bool) throws
}

/// A coded body decoded from its head in memory or its spill, as far as a limit allows. What is kept
/// of the decoded bytes is bounded like any captured stream: a head, and the size and digest of the whole.
package struct DecodedBody: Sendable {
  /// Why decoding stopped before the end of the stream.
  package enum Stop: Sendable, Equatable {
    /// The stream is corrupt, or cut short, here.
    case corrupt(ContentDecodingError)
    /// The decoded bytes passed the limit (`--max-body`), as a decompression bomb's do.
    case overLimit(Int)
    /// Only the first bytes of the body as sent were kept, so only what they decode to is known.
    case notKept(Int)
    /// The spilled body could not be read back.
    case unreadable(String)
  }

  /// The coding.
  package var coding: ContentCoding
  /// The decoded bytes: the first of them in `head`, and the count and digest of all that decoded.
  package var decoded = CapturedBytes()
  /// The size of the body as sent.
  package var encodedCount: Int
  /// Why decoding stopped early, if it did.
  package var stop: Stop?

  /// Whether every byte decoded is in ``decoded``'s head and the stream decoded to its end.
  package var isComplete: Bool { stop == nil && decoded.isComplete }

  /// Decodes `body`, keeping the first `keep` decoded bytes.
  /// - Parameters:
  ///   - body: The body as sent.
  ///   - coding: Its coding.
  ///   - keep: How many decoded bytes are kept in memory.
  ///   - limit: The most decoded bytes read before decoding stops; `nil` for no limit.
  package init(decoding body: CapturedBytes, coding: ContentCoding, keep: Int, limit: Int?) {
    self.coding = coding
    encodedCount = body.byteCount
    var decoded = CapturedBytes()
    let limits = CaptureLimits(headLimit: keep)
    stop = Self.forEachPiece(of: body, coding: coding, limit: limit) { piece in
      decoded.appendDerived(piece, limits: limits)
      return true
    }
    self.decoded = decoded
  }

  /// Decodes `body` piece by piece, handing each decoded piece to `take` until it returns `false`.
  /// Memory stays at a piece: the body as sent is read from its head or its spill.
  /// - Parameters:
  ///   - body: The body as sent.
  ///   - coding: Its coding.
  ///   - limit: The most decoded bytes handed out; past it decoding stops with ``Stop/overLimit(_:)``.
  ///   - take: Receives each decoded piece; `false` stops.
  /// - Returns: Why decoding stopped before the end of the stream, or `nil`.
  package static func forEachPiece(
    of body: CapturedBytes, coding: ContentCoding, limit: Int?, _ take: ([UInt8]) -> Bool
  ) -> Stop? {
    // The last coding applied is undone first; each decoder's output is the next one's input.
    let decoders = coding.layers.reversed().map { ContentDecoder(coding: $0) }
    let last = decoders[decoders.count - 1]
    var stop: Stop?
    var wanted = true
    let limit = limit ?? .max
    // Hands `piece` to the decoder at `level`, and what it decodes on: `false` once decoding stops.
    func pass(_ piece: [UInt8], to level: Int) -> Bool {
      do {
        return try decoders[level].feed(piece) { decoded in
          if level + 1 < decoders.count { return pass(decoded, to: level + 1) }
          let room = limit - (last.produced - decoded.count)
          guard room >= decoded.count else {
            if room > 0 { _ = take(Array(decoded[..<room])) }
            stop = .overLimit(limit)
            return false
          }
          return take(decoded)
        }
      } catch {
        // The innermost failure is the one to report: an outer decoder only sees its taker stop.
        if stop == nil { stop = .corrupt(Self.located(error, level: level, decoders: decoders)) }
        return false
      }
    }
    func feed(_ piece: [UInt8]) -> Bool {
      wanted = pass(piece, to: 0)
      return wanted && stop == nil
    }
    if body.isComplete {
      _ = feed(body.head)
    } else if let spill = body.spill as? any PieceReadable {
      do {
        try spill.forEachPiece(feed)
      } catch {
        return .unreadable("\(error)")
      }
    } else {
      _ = feed(body.head)
      if stop == nil, wanted { return .notKept(body.head.count) }
    }
    guard stop == nil, wanted else { return stop }
    for (level, decoder) in decoders.enumerated() {
      do {
        try decoder.finish()
      } catch {
        return .corrupt(located(error, level: level, decoders: decoders))
      }
    }
    return nil
  }

  /// A decoder's error, saying which decoded stream it read when the coding broke in a stack.
  private static func located(
    _ error: ContentDecodingError, level: Int, decoders: [ContentDecoder]
  ) -> ContentDecodingError {
    var error = error
    if level > 0, error.after == nil { error.after = decoders[level - 1].coding }
    return error
  }
}
