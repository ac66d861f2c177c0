import CBrotli
import CZlib

/// Decodes a `Content-Encoding` as a stream: the coded bytes go in piece by piece, the decoded bytes
/// come out piece by piece, so memory stays at one piece however large the body or its expansion.
package final class ContentDecoder {
  /// The coding decoded.
  package let coding: ContentCoding.Layer
  /// How many coded bytes were read.
  package private(set) var consumed = 0
  /// How many decoded bytes came out.
  package private(set) var produced = 0
  /// Whether the coded stream reached its end.
  package private(set) var ended = false

  private var zlib: UnsafeMutablePointer<z_stream>?
  private var brotli: OpaquePointer?
  /// Whether raw deflate or zlib-wrapped deflate is decided by the first two bytes.
  private var deflateStarted = false
  private var firstByte: [UInt8] = []
  private var output = [UInt8](repeating: 0, count: 1 << 16)

  /// The size of the pieces handed out.
  static let pieceSize = 1 << 16

  /// Creates a decoder for `coding`.
  package init(coding: ContentCoding.Layer) {
    self.coding = coding
    switch coding {
    case .gzip: startZlib(windowBits: 15 + 16)
    case .deflate: break
    case .br: brotli = BrotliDecoderCreateInstance(nil, nil, nil)
    }
  }

  deinit {
    if let zlib {
      inflateEnd(zlib)
      zlib.deallocate()
    }
    if let brotli { BrotliDecoderDestroyInstance(brotli) }
  }

  /// Decodes `input`, handing each decoded piece to `take`, which returns `false` once it wants no more.
  /// - Returns: `false` when `take` asked to stop.
  /// - Throws: ``ContentDecodingError`` where the stream is corrupt.
  @discardableResult
  package func feed(_ input: [UInt8], _ take: ([UInt8]) -> Bool) throws(ContentDecodingError) -> Bool {
    guard !input.isEmpty else { return true }
    if ended, coding == .gzip, input.first == 0x1F, let zlib {
      // The next gzip member starts in this piece.
      inflateReset(zlib)
      ended = false
    }
    if ended { throw failure("\(input.count) bytes after the end of the stream") }
    var input = input
    if coding == .deflate, !deflateStarted {
      // A zlib header is a deflate method nibble and a check making the first two bytes a multiple of 31;
      // anything else is raw deflate, as some servers send it. A first piece of one byte waits for the next.
      input = firstByte + input
      firstByte = []
      guard input.count >= 2 else {
        firstByte = input
        return true
      }
      deflateStarted = true
      let wrapped = input[0] & 0x0F == 8 && (Int(input[0]) << 8 | Int(input[1])) % 31 == 0
      startZlib(windowBits: wrapped ? 15 : -15)
    }
    return coding == .br ? try feedBrotli(input, take) : try feedZlib(input, take)
  }

  /// Says whether the stream ended where the coded bytes did.
  /// - Throws: ``ContentDecodingError`` when the coded bytes stopped before the end of the stream.
  package func finish() throws(ContentDecodingError) {
    if !ended { throw failure("the stream ends early, cut short") }
  }

  private func failure(_ reason: String) -> ContentDecodingError {
    ContentDecodingError(coding: coding, offset: consumed, reason: reason)
  }

  private func startZlib(windowBits: Int32) {
    let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    stream.initialize(to: z_stream())
    inflateInit2_(stream, windowBits, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
    zlib = stream
  }

  private func feedZlib(_ input: [UInt8], _ take: ([UInt8]) -> Bool) throws(ContentDecodingError) -> Bool {
    guard let zlib else { throw failure("zlib could not start") }
    var input = input
    var index = 0
    while index < input.count {
      let (status, read, written) = input.withUnsafeMutableBufferPointer { source in
        output.withUnsafeMutableBufferPointer { target in
          zlib.pointee.next_in = source.baseAddress! + index
          zlib.pointee.avail_in = UInt32(source.count - index)
          zlib.pointee.next_out = target.baseAddress!
          zlib.pointee.avail_out = UInt32(target.count)
          let status = inflate(zlib, Z_NO_FLUSH)
          return (status, source.count - index - Int(zlib.pointee.avail_in), target.count - Int(zlib.pointee.avail_out))
        }
      }
      index += read
      consumed += read
      if written > 0 {
        produced += written
        if !take(Array(output[..<written])) { return false }
      }
      switch status {
      case Z_OK: continue
      case Z_STREAM_END:
        // A gzip body may hold several members one after another; deflate ends once.
        if coding == .gzip, index < input.count, input[index] == 0x1F {
          inflateReset(zlib)
          continue
        }
        ended = true
        if index < input.count { throw failure("\(input.count - index) bytes after the end of the stream") }
      case Z_BUF_ERROR where read == 0 && written == 0:
        return true
      default:
        let message = zlib.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
        throw failure(message)
      }
    }
    // Output still held inside zlib once the input is used up comes out on the next call.
    while !ended {
      let (status, written) = output.withUnsafeMutableBufferPointer { target in
        zlib.pointee.next_in = nil
        zlib.pointee.avail_in = 0
        zlib.pointee.next_out = target.baseAddress!
        zlib.pointee.avail_out = UInt32(target.count)
        let status = inflate(zlib, Z_NO_FLUSH)
        return (status, target.count - Int(zlib.pointee.avail_out))
      }
      if written > 0 {
        produced += written
        if !take(Array(output[..<written])) { return false }
      }
      if status == Z_STREAM_END {
        ended = true
      } else if status != Z_OK || written == 0 {
        break
      }
    }
    return true
  }

  private func feedBrotli(_ input: [UInt8], _ take: ([UInt8]) -> Bool) throws(ContentDecodingError) -> Bool {
    guard let brotli else { throw failure("the Brotli decoder could not start") }
    var input = input
    var index = 0
    while true {
      let (result, read, written) = input.withUnsafeMutableBufferPointer { source in
        output.withUnsafeMutableBufferPointer { target in
          var availableIn = source.count - index
          var nextIn: UnsafePointer<UInt8>? = UnsafePointer(source.baseAddress! + index)
          var availableOut = target.count
          var nextOut: UnsafeMutablePointer<UInt8>? = target.baseAddress!
          let result = BrotliDecoderDecompressStream(brotli, &availableIn, &nextIn, &availableOut, &nextOut, nil)
          return (result, source.count - index - availableIn, target.count - availableOut)
        }
      }
      index += read
      consumed += read
      if written > 0 {
        produced += written
        if !take(Array(output[..<written])) { return false }
      }
      switch result {
      case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT: continue
      case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT: return true
      case BROTLI_DECODER_RESULT_SUCCESS:
        ended = true
        if index < input.count { throw failure("\(input.count - index) bytes after the end of the stream") }
        return true
      default:
        let message = BrotliDecoderErrorString(BrotliDecoderGetErrorCode(brotli)).map { String(cString: $0) }
        throw failure((message ?? "Brotli error").lowercased().replacing("_error_format_", with: ""))
      }
    }
  }
}
