/// The WSGI `environ`: CGI meta-variables as strings plus the typed `wsgi.*` entries.
///
/// Entries keep the order they were added in, so what a user composed is shown
/// back in the same order. Lookups scan linearly: an environ holds a few dozen
/// entries, and a scan of that size is cheaper than hashing every key on build.
///
/// The environ a server builds for a request keeps only the values that vary
/// from one request to the next, and lists its entries when something reads
/// them all: most dispatches read a few keys, and building, checking and
/// freeing twenty entries each time cost most of a native dispatch. Changing
/// an entry turns it into a plain list.
public struct Environ: Sendable {
  /// One `environ` entry.
  public struct Entry: Sendable, Equatable {
    /// The key, such as `PATH_INFO` or `wsgi.url_scheme`.
    public private(set) var key: String
    /// The value.
    public var value: EnvironValue
    /// The key as the checks know it, found once when the entry is made.
    let known: EnvironKey?

    init(key: String, value: EnvironValue) {
      self.key = key
      self.value = value
      self.known = EnvironKey(key)
    }

    init(_ known: EnvironKey, _ value: EnvironValue) {
      self.key = known.name
      self.value = value
      self.known = known
    }

    /// An entry whose key the caller knows is none of the ``EnvironKey``s: a server's own CGI variable.
    init(other key: String, _ value: EnvironValue) {
      self.key = key
      self.value = value
      self.known = nil
    }
  }

  /// Where the entries are.
  enum Storage: Sendable {
    /// A list, in order.
    case list([Entry])
    /// A server's environ for a request, listed when read.
    case server(ServerEnviron)
  }

  private(set) var storage: Storage

  /// The entries, in order.
  public var entries: [Entry] {
    switch storage {
    case .list(let entries): return entries
    case .server(let server): return server.entries
    }
  }

  /// Calls `body` with each entry, in order, without making the list ``entries`` returns.
  package func forEachEntry(_ body: (Entry) throws -> Void) rethrows {
    switch storage {
    case .list(let entries): for entry in entries { try body(entry) }
    case .server(let server): try server.forEachEntry(body)
    }
  }

  /// Creates an environ from entries, keeping their order.
  public init(_ entries: [(String, EnvironValue)] = []) {
    self.init(capacity: entries.count + 16)
    for (key, value) in entries { self[key] = value }
  }

  /// An empty environ with room for `capacity` entries.
  init(capacity: Int) {
    var entries: [Entry] = []
    entries.reserveCapacity(capacity)
    storage = .list(entries)
  }

  /// The environ a server built for a request.
  init(_ server: ServerEnviron) {
    storage = .server(server)
  }

  /// The value for `key`, or `nil` when absent. Setting `nil` removes the entry.
  public subscript(key: String) -> EnvironValue? {
    get {
      switch storage {
      case .list(let entries): return Self.index(of: key, in: entries).map { entries[$0].value }
      case .server(let server): return server.value(for: key)
      }
    }
    set {
      modifyList { entries in
        switch (Self.index(of: key, in: entries), newValue) {
        case (let index?, let value?): entries[index].value = value
        case (let index?, nil): entries.remove(at: index)
        case (nil, let value?): entries.append(Entry(key: key, value: value))
        case (nil, nil): break
        }
      }
    }
  }

  /// The string value for `key`, or `nil` when absent or not a string.
  public func string(_ key: String) -> String? {
    if case .string(let value)? = self[key] { return value }
    return nil
  }

  /// All keys in order.
  public var keys: [String] { entries.map(\.key) }

  /// The entries whose value is a string: the CGI meta-variables and any string extension.
  public var stringEntries: [(key: String, value: String)] {
    entries.compactMap { entry in
      if case .string(let value) = entry.value { return (entry.key, value) }
      return nil
    }
  }

  /// `wsgi.input`, when present and of the right type.
  public var input: WSGIInput? {
    if case .input(let stream)? = self["wsgi.input"] { return stream }
    return nil
  }

  /// `wsgi.errors`, when present and of the right type.
  public var errors: WSGIErrors? {
    if case .errors(let stream)? = self["wsgi.errors"] { return stream }
    return nil
  }

  /// `REQUEST_METHOD`, or the empty string.
  public var requestMethod: String {
    if case .server(let server) = storage { return server.request.method }
    return string("REQUEST_METHOD") ?? ""
  }

  /// Appends an entry for a key the checks read, which the caller knows is not present yet,
  /// skipping the lookup `subscript(_:)` makes.
  mutating func appendNew(_ key: EnvironKey, _ value: EnvironValue) {
    modifyList { $0.append(Entry(key, value)) }
  }

  /// The values of `wsgi.input` and `wsgi.errors`, found in one pass (`nil` when absent).
  var streamEntries: (input: EnvironValue?, errors: EnvironValue?) {
    if case .server(let server) = storage { return (.input(server.input), .errors(server.errors)) }
    var found: (input: EnvironValue?, errors: EnvironValue?) = (nil, nil)
    for entry in entries {
      switch entry.known {
      case .wsgiInput?: found.input = entry.value
      case .wsgiErrors?: found.errors = entry.value
      default: continue
      }
    }
    return found
  }

  /// Changes the entries as a list, listing a server's environ first.
  private mutating func modifyList(_ change: (inout [Entry]) -> Void) {
    var entries: [Entry]
    switch storage {
    case .list(let list): entries = list
    case .server(let server): entries = server.entries
    }
    // Left empty meanwhile, so the list below is the only reference and changes in place.
    storage = .list([])
    change(&entries)
    storage = .list(entries)
  }

  private static func index(of key: String, in entries: [Entry]) -> Int? {
    // Comparing lengths first (O(1) for native strings) skips a full string
    // comparison for almost every entry a lookup passes over.
    let length = key.utf8.count
    return entries.firstIndex { $0.key.utf8.count == length && $0.key == key }
  }
}

/// An environ's `wsgi.input` and `wsgi.errors`, as a dispatch attaches to them.
struct EnvironStreams {
  var input: WSGIInput
  var errors: WSGIErrors
}

/// The value of one `environ` entry.
public enum EnvironValue: Sendable, Equatable {
  /// A native string: every CGI meta-variable, and extensions such as `wsgi.url_scheme`.
  case string(String)
  /// A flag such as `wsgi.multithread`.
  case bool(Bool)
  /// `wsgi.version`, a `(major, minor)` tuple.
  case version(Int, Int)
  /// `wsgi.input`.
  case input(WSGIInput)
  /// `wsgi.errors`.
  case errors(WSGIErrors)

  public static func == (lhs: EnvironValue, rhs: EnvironValue) -> Bool {
    switch (lhs, rhs) {
    case (.string(let a), .string(let b)): return a == b
    case (.bool(let a), .bool(let b)): return a == b
    case (.version(let a, let b), .version(let c, let d)): return a == c && b == d
    case (.input(let a), .input(let b)): return a === b
    case (.errors(let a), .errors(let b)): return a === b
    default: return false
    }
  }

  /// The value as Python's `repr` would show it, for display and for the echo app.
  public var displayText: String {
    switch self {
    case .string(let value): return value
    case .bool(let value): return value ? "True" : "False"
    case .version(let major, let minor): return "(\(major), \(minor))"
    case .input: return "<wsgi.input>"
    case .errors: return "<wsgi.errors>"
    }
  }

  /// The value as `show env` shows it: a string holding UTF-8 bytes (what a
  /// user typed, read as latin-1) as the text they encode, so `café` reads
  /// `café` and not `cafÃ©`, and a byte that is not UTF-8 (a cookie an app set
  /// holding latin-1 `E9`) as its stand-in, shown `\xe9`, as the response
  /// header it came from is shown; anything else as ``displayText``.
  public var shownText: String {
    if case .string(let value) = self { return value.clientText }
    return displayText
  }

  /// The bytes a string holding any byte of 0x80 or more carries, as the app
  /// gets them and Python's bytes literals write them: `'caf\xc3\xa9'`,
  /// printable ASCII kept, every other byte as `\xNN`; `nil` for ASCII, for a
  /// string holding a code point past U+00FF, and for the other types.
  public var nativeBytesText: String? {
    guard case .string(let value) = self, value.utf8.contains(where: { $0 >= 0x80 }),
      let bytes = value.nativeBytes
    else { return nil }
    var text = "'"
    for byte in bytes {
      switch byte {
      case UInt8(ascii: "\\"), UInt8(ascii: "'"): text += "\\" + String(UnicodeScalar(byte))
      case 0x20..<0x7F: text.unicodeScalars.append(UnicodeScalar(byte))
      default: text += "\\x" + VisibleText.hex(byte)
      }
    }
    return text + "'"
  }

  /// The name of the value's type, as a diagnostic names it.
  public var typeName: String {
    switch self {
    case .string: return "str"
    case .bool: return "bool"
    case .version: return "tuple"
    case .input: return "input stream"
    case .errors: return "error stream"
    }
  }
}
