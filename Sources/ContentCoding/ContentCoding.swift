/// The `Content-Encoding` of a body gwsh decodes to show it as the app meant it: one coding, or
/// several stacked (`gzip, br`: gzip applied first), each of them one gwsh decodes.
package struct ContentCoding: Sendable, Equatable, CustomStringConvertible {
  /// A coding gwsh decodes.
  package enum Layer: String, Sendable, CaseIterable {
    /// RFC 1952 gzip, one member or several.
    case gzip
    /// RFC 1950 zlib-wrapped deflate, or the raw RFC 1951 deflate some servers send under the same name.
    case deflate
    /// RFC 7932 Brotli.
    case br
  }

  /// The codings in the order the server applied them, as the header lists them; decoded last first.
  package var layers: [Layer]

  /// The codings a `Content-Encoding` header names; `nil` for none, only `identity`, or a coding
  /// gwsh does not decode among them (the body is then shown as sent).
  package init?(header: String?) {
    guard let header else { return nil }
    var layers: [Layer] = []
    for name in header.lowercased().split(separator: ",") {
      let name = name.filter { $0 != " " && $0 != "\t" }
      switch name {
      case "gzip", "x-gzip": layers.append(.gzip)
      case "deflate": layers.append(.deflate)
      case "br": layers.append(.br)
      case "identity", "": continue
      default: return nil
      }
    }
    guard !layers.isEmpty else { return nil }
    self.layers = layers
  }

  package init(_ layers: Layer...) { self.layers = layers }

  /// `gzip`, or `gzip, gzip` for codings stacked, as the header lists them.
  package var description: String { layers.map(\.rawValue).joined(separator: ", ") }

  /// Whether a coding is applied more than once: a body compressed twice, as a compressing
  /// middleware does over a response that was compressed already.
  package var repeats: Bool { Set(layers).count < layers.count }
}

/// Why a coded body could not be decoded to its end.
package struct ContentDecodingError: Error, Sendable, Equatable {
  /// The coding.
  package var coding: ContentCoding.Layer
  /// How many bytes of the body as sent were read when it broke.
  package var offset: Int
  /// What the decoder said, or that the stream ended early.
  package var reason: String
  /// For codings stacked, the one decoded before this one broke: the offset counts its output.
  package var after: ContentCoding.Layer?

  /// `corrupt gzip stream at byte 812 of the body as sent: invalid block type`.
  package var description: String {
    let stream = after.map { "the body decoded from \($0.rawValue)" } ?? "the body as sent"
    return "corrupt \(coding.rawValue) stream at byte \(offset) of \(stream): \(reason)"
  }
}
