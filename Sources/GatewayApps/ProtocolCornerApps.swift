import Gateway

/// Sends its body through the legacy `write()` callable, then yields the rest.
struct WriteApp: Application {
  var stopsWhenAsked: Bool { true }

  func callAsFunction(_ environ: Environ, _ startResponse: StartResponse) throws -> any ResponseBody {
    let write = try startResponse("200 OK", [("Content-Type", "text/plain")])
    try write("written through write()\n")
    try write("and again\n")
    return ChunkedBody("yielded from the iterable\n")
  }
}

/// Fails while answering and recovers as PEP 3333's error handling example
/// does: start_response again with exc_info. With `?after=1` it fails after the
/// headers went out, so start_response re-raises and the response is cut short.
struct ExcInfoApp: Application {
  var stopsWhenAsked: Bool { true }

  struct RenderError: Error, CustomStringConvertible {
    var description: String { "RenderError: the template is missing" }
  }

  func callAsFunction(_ environ: Environ, _ startResponse: StartResponse) throws -> any ResponseBody {
    let after = FormData.value("after", in: environ.string("QUERY_STRING") ?? "") == "1"
    try startResponse("200 OK", [("Content-Type", "text/html")])
    if !after {
      environ.errors?.write("excinfo: rendering failed, answering 500 instead\n")
      try startResponse("500 Internal Server Error", [("Content-Type", "text/plain")], excInfo: RenderError())
      return ChunkedBody("The page could not be rendered.\n")
    }
    var step = 0
    return StreamingBody(next: {
      step += 1
      guard step == 1 else {
        // Headers went out with the first chunk: this re-raises RenderError.
        try startResponse("500 Internal Server Error", [("Content-Type", "text/plain")], excInfo: RenderError())
        return nil
      }
      return Array("<html><body>half a page".utf8)
    })
  }
}

/// Streams chunks with pauses between them; `/endless` never ends and
/// `/stuck` never returns to the gateway, to show timeouts and cancellation.
struct SlowApp: Application {
  func callAsFunction(_ environ: Environ, _ startResponse: StartResponse) throws -> any ResponseBody {
    let query = environ.string("QUERY_STRING") ?? ""
    let count = FormData.value("chunks", in: query).flatMap { Int($0) } ?? 5
    let delay = FormData.value("delay", in: query).flatMap { Double($0) } ?? 0.5
    switch environ.string("PATH_INFO") ?? "/" {
    case "/stuck":
      pause(.seconds(3600))
      try startResponse("200 OK", [("Content-Type", "text/plain")])
      return ChunkedBody("finally\n")
    case "/endless":
      try startResponse("200 OK", [("Content-Type", "application/octet-stream")])
      let block = [UInt8](repeating: UInt8(ascii: "x"), count: 64 * 1024)
      return StreamingBody(next: { block })
    default:
      try startResponse("200 OK", [("Content-Type", "text/plain")])
      var sent = 0
      return StreamingBody(next: {
        guard sent < count else { return nil }
        if sent > 0 { pause(.milliseconds(Int(delay * 1000))) }
        sent += 1
        return Array("chunk \(sent)/\(count)\n".utf8)
      })
    }
  }
}
