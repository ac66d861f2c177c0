/// A `Content-Encoding` gwsh decodes to show a body as the app meant it.
package enum ContentCoding: String, Sendable, CaseIterable {
  /// RFC 1952 gzip, one member or several.
  case gzip
  /// RFC 1950 zlib-wrapped deflate, or the raw RFC 1951 deflate some servers send under the same name.
  case deflate
  /// RFC 7932 Brotli.
  case br

  /// The coding a `Content-Encoding` header names, when it is one gwsh decodes; `nil` for none,
  /// `identity`, an unknown coding, or several codings stacked.
  package init?(header: String?) {
    guard let header else { return nil }
    let name = header.lowercased().filter { $0 != " " && $0 != "\t" }
    switch name {
    case "gzip", "x-gzip": self = .gzip
    case "deflate": self = .deflate
    case "br": self = .br
    default: return nil
    }
  }
}

/// Why a coded body could not be decoded to its end.
package struct ContentDecodingError: Error, Sendable, Equatable {
  /// The coding.
  package var coding: ContentCoding
  /// How many bytes of the body as sent were read when it broke.
  package var offset: Int
  /// What the decoder said, or that the stream ended early.
  package var reason: String

  /// `corrupt gzip stream at byte 812 of the body as sent: invalid block type`.
  package var description: String {
    "corrupt \(coding.rawValue) stream at byte \(offset) of the body as sent: \(reason)"
  }
}
