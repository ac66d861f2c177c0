import AppLoaders
import Gateway
import GatewayApps
import Session

/// The native twin of `peers/apps.py`'s `trivial`: a status, two headers, two bytes.
struct HelloApp: Application {
  static let body: [UInt8] = Array("ok".utf8)
  /// It never blocks, so it may say so; `false` makes a watched dispatch run it on a thread of its own.
  var stopsWhenAsked = true

  func callAsFunction(_ environ: Environ, _ startResponse: StartResponse) throws -> any ResponseBody {
    try startResponse("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
    return ChunkedBody([Self.body])
  }
}

/// Streams `QUERY_STRING` bytes of zeros in 1 MiB chunks, as `apps.big_response` does.
struct ZerosApp: Application {
  static let block = [UInt8](repeating: 0, count: 1 << 20)

  func callAsFunction(_ environ: Environ, _ startResponse: StartResponse) throws -> any ResponseBody {
    let size = Int(environ.string("QUERY_STRING") ?? "") ?? 0
    try startResponse("200 OK", [("Content-Type", "application/octet-stream"), ("Content-Length", String(size))])
    var left = size
    return StreamingBody(next: {
      guard left > 0 else { return nil }
      let count = min(left, Self.block.count)
      left -= count
      // The same array every time: yielding it copies nothing.
      return count == Self.block.count ? Self.block : Array(Self.block[0..<count])
    })
  }
}

/// Reads the whole request body in 1 MiB reads and answers how many bytes came, as `apps.big_request` does.
struct CountApp: Application {
  func callAsFunction(_ environ: Environ, _ startResponse: StartResponse) throws -> any ResponseBody {
    var total = 0
    while let input = environ.input {
      let chunk = try input.read(1 << 20)
      if chunk.isEmpty { break }
      total += chunk.count
    }
    try startResponse("200 OK", [("Content-Type", "text/plain")])
    return ChunkedBody(String(total))
  }
}

/// A request body of `count` zeros, made as it is read, so the bench itself holds no large body.
struct ZeroSource: ByteSource {
  var left: Int

  mutating func read(upTo maxCount: Int) throws -> [UInt8] {
    let count = min(left, maxCount)
    left -= count
    return [UInt8](repeating: 0, count: count)
  }
}

/// Loads `hello` (``HelloApp``) for the replayed session, and the built-in names as gwsh does.
let benchLoader = AppLoader(
  builtins: BuiltinApps.all + [BuiltinApps.Entry(name: "hello", summary: "a trivial app", app: HelloApp())])
