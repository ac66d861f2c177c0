import ContentCoding
import Gateway

/// A body sent with `Content-Encoding: gzip`, `deflate` or `br` is checked decoded, as the shell shows it:
/// `expect body`, `expect json`, `capture ... body|json` and the expectations `save` records all read
/// the decoded bytes, so a recorded session replays against what it recorded.
extension SessionEngine {
  /// The exchange as expectations read it: a coded body decoded, as far as `--max-body` allows;
  /// anything else as it is. Chunks and sizes as sent stay on the exchange the shell shows.
  func decodedForChecking(_ exchange: Exchange) -> Exchange {
    guard exchange.body.byteCount > 0,
      let coding = ContentCoding(header: exchange.headers.first(named: "Content-Encoding"))
    else { return exchange }
    var decoded = exchange
    let key = "\(coding) \(exchange.body.byteCount) \(exchange.body.sha256) \(limits.responseLimit ?? -1)"
    if let cached = decodedBody, cached.key == key {
      decoded.body = cached.body
    } else {
      decoded.body =
        DecodedBody(
          decoding: exchange.body, coding: coding, keep: Self.checkedBodyLimit, limit: limits.responseLimit
        ).decoded
      decodedBody = (key, decoded.body)
    }
    return decoded
  }
}
