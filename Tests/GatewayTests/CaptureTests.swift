import Synchronization
import Testing

@testable import Gateway

/// A spill that keeps what it receives, to check what the capture hands it.
final class MemorySpill: BodySpill {
  let bytes = Mutex<[UInt8]>([])
  func append(_ chunk: ArraySlice<UInt8>) throws { bytes.withLock { $0.append(contentsOf: chunk) } }
}

@Suite("Body capture")
struct CaptureTests {
  @Test("SHA-256 matches the FIPS 180-4 test vectors")
  func sha256Vectors() {
    var empty = SHA256()
    empty.update([UInt8]())
    #expect(empty.hexDigest() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    var abc = SHA256()
    abc.update(Array("abc".utf8))
    #expect(abc.hexDigest() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    var long = SHA256()
    for piece in ["abcdbcdecdefdefgefghfghighijhi", "jkijkljklmklmnlmnomnopnopq"] { long.update(Array(piece.utf8)) }
    #expect(long.hexDigest() == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
  }

  @Test("SHA-256 of a million 'a's, fed in pieces of odd sizes")
  func sha256MillionA() {
    var hasher = SHA256()
    var left = 1_000_000
    var piece = 1
    while left > 0 {
      let count = min(piece, left)
      hasher.update([UInt8](repeating: UInt8(ascii: "a"), count: count))
      left -= count
      piece = piece * 3 + 7
    }
    #expect(hasher.hexDigest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  @Test("a body past the head limit keeps a bounded head, spills the whole, and knows its size and digest")
  func boundedHeadAndSpill() {
    let spill = MemorySpill()
    let limits = DispatchLimits(capture: CaptureLimits(headLimit: 1000, makeSpill: { spill }))
    let chunk = (0..<700).map { UInt8($0 % 251) }
    let exchange = dispatch(
      app { _, start in
        try start("200 OK", [("Content-Type", "application/octet-stream")])
        return ChunkedBody([chunk, chunk, chunk])
      }, limits: limits)
    var expected = SHA256()
    expected.update(chunk + chunk + chunk)
    #expect(exchange.body.head.count == 1000)
    #expect(exchange.body.byteCount == 2100)
    #expect(exchange.body.omittedCount == 1100)
    #expect(!exchange.body.isComplete)
    #expect(exchange.body.sha256 == expected.hexDigest())
    #expect(spill.bytes.withLock { $0 } == chunk + chunk + chunk)
    #expect(exchange.body.chunks.map(\.offset) == [0, 700, 1400])
  }

  @Test(
    "the digest covers every byte, whether the stream fits its head, fills it exactly, or outgrows it in any chunk",
    arguments: [
      [0], [5], [8], [9], [8, 1], [4, 4], [4, 4, 1], [3, 0, 6], [1, 7, 0, 1, 20], [30], [8, 0], [100, 3],
    ])
  func digestAcrossTheHead(chunkSizes: [Int]) {
    let limits = CaptureLimits(headLimit: 8)
    var capture = CapturedBytes()
    var all: [UInt8] = []
    for size in chunkSizes {
      let chunk = (0..<size).map { UInt8(truncatingIfNeeded: all.count + $0) }
      capture.append(chunk, at: 0, limits: limits)
      all += chunk
    }
    var expected = SHA256()
    expected.update(all)
    #expect(capture.sha256 == expected.hexDigest())
    #expect(capture.head == Array(all.prefix(8)))
    #expect(capture.byteCount == all.count)
  }

  @Test("a copy of a capture keeps its digest while the original goes on hashing")
  func copiedCaptureKeepsItsDigest() {
    let limits = CaptureLimits(headLimit: 4)
    var capture = CapturedBytes()
    capture.append(Array("0123456789".utf8), at: 0, limits: limits)
    let copy = capture
    capture.append(Array("abc".utf8), at: 0, limits: limits)
    var before = SHA256()
    before.update(Array("0123456789".utf8))
    var after = before
    after.update(Array("abc".utf8))
    #expect(copy.sha256 == before.hexDigest())
    #expect(capture.sha256 == after.hexDigest())
  }

  @Test("without a spill the head is still bounded and the size still known")
  func noSpill() {
    let limits = DispatchLimits(capture: CaptureLimits(headLimit: 10))
    let exchange = dispatch(responding("200 OK", plainText, String(repeating: "z", count: 25)), limits: limits)
    #expect(exchange.body.head.count == 10)
    #expect(exchange.body.byteCount == 25)
    #expect(exchange.body.spill == nil)
  }

  @Test("chunk records are bounded, the count is not")
  func chunkRecordsBounded() {
    let limits = DispatchLimits(capture: CaptureLimits(chunkRecordLimit: 3))
    let exchange = dispatch(
      app { _, start in
        try start("200 OK", plainText)
        return ChunkedBody(strings: Array(repeating: "c", count: 10))
      }, limits: limits)
    #expect(exchange.body.chunks.count == 3)
    #expect(exchange.body.chunkCount == 10)
    #expect(exchange.body.byteCount == 10)
  }

  @Test("an empty body is no chunk: [], a 204, write(b\"\") alone; the headers still go out")
  func emptyBodyIsNoChunk() {
    let apps = [
      app { _, start in
        try start("200 OK", plainText)
        return ChunkedBody([[UInt8]]())
      },
      app { _, start in
        try start("204 No Content", [])
        return ChunkedBody([[UInt8]]())
      },
      app { _, start in
        let write = try start("200 OK", plainText)
        try write([])
        return ChunkedBody([[UInt8]]())
      },
    ]
    for app in apps {
      let exchange = dispatch(app)
      #expect(exchange.status != nil)
      #expect(exchange.body.chunkCount == 0)
      #expect(exchange.body.chunks.isEmpty)
      #expect(exchange.timings.firstByte != nil)
    }
  }

  @Test("each chunk carries the time it arrived, in order")
  func chunkTimes() {
    let exchange = dispatch(
      app { _, start in
        try start("200 OK", plainText)
        var count = 0
        return StreamingBody(next: {
          count += 1
          guard count <= 3 else { return nil }
          if count > 1 { pauseBriefly(milliseconds: 20) }
          return [UInt8(ascii: "a")]
        })
      })
    let times = exchange.body.chunks.map(\.time)
    #expect(times.count == 3)
    #expect(times[2] - times[0] >= .milliseconds(40))
  }
}

/// Sleeps the dispatching thread, as a slow app would.
func pauseBriefly(milliseconds: Int) {
  let end = ContinuousClock.now + .milliseconds(milliseconds)
  while ContinuousClock.now < end {}
}
