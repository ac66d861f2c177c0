import Gateway

/// One field of a `multipart/form-data` body, as `curl -F` and `form` write it.
public struct FormField: Sendable, Equatable {
  /// What the field holds.
  public enum Value: Sendable, Equatable {
    /// Text (or bytes) sent as the field's value: `name=value`.
    case text([UInt8])
    /// A file uploaded as it is, read when the request is sent: `name=@path`.
    case file(path: String)
    /// A file's content sent as the field's value, without a file name: `name=<path`.
    case fileContent(path: String)
  }

  /// The field name.
  public var name: String
  public var value: Value
  /// `;type=`: the part's Content-Type (for a file, a guess from its extension otherwise).
  public var type: String?
  /// `;filename=`: the file name sent (a file's own name otherwise).
  public var filename: String?

  /// Creates a field.
  public init(name: String, value: Value, type: String? = nil, filename: String? = nil) {
    self.name = name
    self.value = value
    self.type = type
    self.filename = filename
  }
}

/// Builds a `multipart/form-data` body (RFC 7578) byte for byte as curl's `-F` does:
/// CRLF line ends, a boundary found in no part, files streamed from disk when sent.
enum MultipartForm {
  /// A piece of the body: bytes made here, or a file read when the body is.
  enum Segment {
    case bytes([UInt8])
    case file(String)
  }

  /// A problem with a field's file.
  struct FileProblem: Error {
    var path: String
    var reason: String
  }

  /// The body and its Content-Type for `fields`.
  static func body(_ fields: [FormField]) throws(FileProblem) -> (body: Request.Body, contentType: String) {
    var attempt = 0
    var boundary = self.boundary(for: fields, attempt: attempt)
    while try occurs(boundary, in: fields) {
      attempt += 1
      boundary = self.boundary(for: fields, attempt: attempt)
    }
    var segments: [Segment] = []
    var count = 0
    func add(_ bytes: [UInt8]) {
      count += bytes.count
      if case .bytes(let earlier)? = segments.last {
        segments[segments.count - 1] = .bytes(earlier + bytes)
      } else {
        segments.append(.bytes(bytes))
      }
    }
    for field in fields {
      var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(escaped(field.name))\""
      switch field.value {
      case .text(let bytes):
        if let filename = field.filename { head += "; filename=\"\(escaped(filename))\"" }
        if let type = field.type { head += "\r\nContent-Type: \(type)" }
        add(Array((head + "\r\n\r\n").utf8) + bytes + Array("\r\n".utf8))
      case .file(let path):
        guard let size = FileIO.size(of: path) else {
          throw FileProblem(path: path, reason: "it is not a readable file")
        }
        let filename = field.filename ?? String(path.split(separator: "/").last ?? Substring(path))
        head += "; filename=\"\(escaped(filename))\"\r\nContent-Type: \(field.type ?? contentType(of: filename))"
        add(Array((head + "\r\n\r\n").utf8))
        segments.append(.file(path))
        count += size
        add(Array("\r\n".utf8))
      case .fileContent(let path):
        guard let bytes = FileIO.read(path) else { throw FileProblem(path: path, reason: "it is not a readable file") }
        if let filename = field.filename { head += "; filename=\"\(escaped(filename))\"" }
        if let type = field.type { head += "\r\nContent-Type: \(type)" }
        add(Array((head + "\r\n\r\n").utf8) + bytes + Array("\r\n".utf8))
      }
    }
    add(Array("--\(boundary)--\r\n".utf8))
    let frozen = segments
    let body: Request.Body
    if frozen.count == 1, case .bytes(let bytes) = frozen[0] {
      body = .bytes(bytes)
    } else {
      body = .stream(count: count, open: { SegmentSource(segments: frozen) })
    }
    return (body, "multipart/form-data; boundary=\(boundary)")
  }

  /// A boundary shaped as curl's (dashes and 22 alphanumerics), made from the fields rather than
  /// drawn at random: the same form gets the same body on every run, so a saved session that
  /// recorded a response echoing it replays green. `attempt` makes another when one occurs in a part.
  static func boundary(for fields: [FormField], attempt: Int) -> String {
    var digest = SHA256()
    digest.update(Array("gwsh form \(attempt)\n".utf8))
    for field in fields {
      digest.update(Array("\(field.name)\n\(field.type ?? "")\n\(field.filename ?? "")\n".utf8))
      switch field.value {
      case .text(let bytes): digest.update(bytes)
      case .file(let path), .fileContent(let path):
        // The file's name and size, not its path: a session saved elsewhere names the same file another way.
        let name = path.split(separator: "/").last.map(String.init) ?? path
        digest.update(Array("@\(name) \(FileIO.size(of: path) ?? 0)".utf8))
      }
    }
    return "------------------------" + String(digest.hexDigest().prefix(22))
  }

  /// Whether `boundary` occurs in any field's value, files read in bounded pieces.
  static func occurs(_ boundary: String, in fields: [FormField]) throws(FileProblem) -> Bool {
    let needle = Array(boundary.utf8)
    for field in fields {
      switch field.value {
      case .text(let bytes):
        if contains(bytes[...], needle) { return true }
      case .file(let path), .fileContent(let path):
        do {
          var source = try FileByteSource(path: path)
          // Each piece is searched with the end of the one before, so a boundary across two is found.
          var carry: [UInt8] = []
          while true {
            let piece = try source.read(upTo: 256 * 1024)
            if piece.isEmpty { break }
            let window = carry + piece
            if contains(window[...], needle) { return true }
            carry = Array(window.suffix(needle.count - 1))
          }
        } catch {
          throw FileProblem(path: path, reason: "\(error)")
        }
      }
    }
    return false
  }

  static func contains(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
    guard let first = needle.first, haystack.count >= needle.count else { return false }
    var index = haystack.startIndex
    while let found = haystack[index...].firstIndex(of: first) {
      if haystack.endIndex - found < needle.count { return false }
      if haystack[found..<found + needle.count].elementsEqual(needle) { return true }
      index = found + 1
    }
    return false
  }

  /// A name or file name inside the quotes of Content-Disposition, escaped as curl does.
  static func escaped(_ text: String) -> String {
    var escaped = ""
    for character in text {
      switch character {
      case "\"": escaped += "%22"
      case "\r": escaped += "%0D"
      case "\n": escaped += "%0A"
      default: escaped.append(character)
      }
    }
    return escaped
  }

  /// The Content-Type curl gives a file by its extension.
  static func contentType(of filename: String) -> String {
    let types = [
      "gif": "image/gif", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "svg": "image/svg+xml",
      "txt": "text/plain", "htm": "text/html", "html": "text/html", "pdf": "application/pdf",
      "xml": "application/xml",
    ]
    guard let dot = filename.lastIndex(of: ".") else { return "application/octet-stream" }
    return types[filename[filename.index(after: dot)...].lowercased()] ?? "application/octet-stream"
  }
}

/// The body's segments one after another, each file opened when reached.
struct SegmentSource: ByteSource {
  var segments: [MultipartForm.Segment]
  var index = 0
  var offset = 0
  var file: FileByteSource?

  init(segments: [MultipartForm.Segment]) { self.segments = segments }

  mutating func read(upTo maxCount: Int) throws -> [UInt8] {
    while index < segments.count {
      switch segments[index] {
      case .bytes(let bytes):
        if offset < bytes.count {
          let end = min(bytes.count, offset + maxCount)
          defer { offset = end }
          return Array(bytes[offset..<end])
        }
      case .file(let path):
        if file == nil { file = try FileByteSource(path: path) }
        let piece = try file!.read(upTo: maxCount)
        if !piece.isEmpty { return piece }
        file = nil
      }
      index += 1
      offset = 0
    }
    return []
  }
}
