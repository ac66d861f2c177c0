import Gateway

@testable import GatewayShell

/// An app that answers with this status, headers and body chunks.
func respond(
  _ status: String = "200 OK", _ headers: [(String, String)], _ chunks: [[UInt8]], errors: String? = nil
) -> ClosureApplication {
  ClosureApplication { environ, startResponse in
    if let errors { environ.errors?.write(errors) }
    try startResponse(status, headers)
    return ChunkedBody(chunks)
  }
}

/// Dispatches a GET to `app` and returns the exchange.
func exchange(
  _ app: some Application, target: String = "/", limits: DispatchLimits = DispatchLimits()
) -> Exchange {
  Dispatcher(limits: limits).dispatch(Request(method: "GET", target: target), to: app)
}

/// Renders an exchange as the shell prints it, without colours.
func rendered(_ exchange: Exchange, screenLines: Int = 40, full: Bool = false) -> String {
  ExchangeRenderer(style: .plain, screenLines: screenLines, full: full).render(exchange)
}

/// Bytes of `text`.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// The control bytes a terminal would act on: ESC, BEL, CSI (U+009B) and the rest of C0 but line feed.
func terminalControls(in text: String) -> [Unicode.Scalar] {
  text.unicodeScalars.filter { scalar in
    (scalar.value < 0x20 && scalar != "\n") || (0x7F...0x9F).contains(scalar.value)
      || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
  }
}
