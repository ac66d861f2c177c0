// Fuzz target: the frames the Python worker sends gwsh (Sources/AppLoaders/Python):
// `FrameInbox` cuts the event pipe's bytes into frames (4-byte little-endian length, a type
// byte, the payload) and `WorkerEvent(type:payload:)` decodes each one.
//
// The input is what the worker wrote; its first byte sets the size of each write to the
// pipe, so frames arrive split as they do from a busy worker. Properties, beyond "no crash":
// - the inbox gives exactly the frames a plain reading of the stream gives, in order, whatever
//   the writes' sizes, and announces a large payload only between its two bounds;
// - decoding a frame either gives an event or a FrameError naming the frame's type; the byte
//   events (body chunks, writes) hold the payload unchanged, and a start_response event holds
//   as many headers as its frame announced.
// It names only what the frame protocol's reorganisations keep (the inbox, the decoding
// initialiser, the write, yield and start_response events), so it builds across them.
import Platform

@testable import AppLoaders

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Whole frames, read plainly from the stream: what the inbox must give.
func plainFrames(_ bytes: [UInt8]) -> [(type: UInt8, payload: [UInt8])] {
  var frames: [(UInt8, [UInt8])] = []
  var position = 0
  while position + 5 <= bytes.count {
    var length = 0
    for offset in 0..<4 { length |= Int(bytes[position + offset]) << (8 * offset) }
    guard position + 5 + length <= bytes.count else { break }
    frames.append((bytes[position + 4], Array(bytes[(position + 5)..<(position + 5 + length)])))
    position += 5 + length
  }
  return frames
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
  guard count > 0 else { return 0 }
  let input = UnsafeRawBufferPointer(start: start, count: count)
  let writeSize = Int(input[0]) * 16 + 1
  // A pipe holds 64 KiB: beyond that a write would wait for a reader this thread is.
  let stream = [UInt8](input[1..<min(count, 60_000)])
  let expected = plainFrames(stream)

  var ends: [Int32] = [0, 0]
  guard pipe(&ends) == 0 else { fail("no pipe") }
  let reader = OwnedDescriptor(ends[0])
  reader.setNonBlocking()
  defer { _ = close(ends[1]) }

  var inbox = FrameInbox()
  var frames: [(type: UInt8, payload: [UInt8])] = []
  var written = 0
  var announcedLarge = false
  while written < stream.count {
    let chunk = stream[written..<min(written + writeSize, stream.count)]
    let result = chunk.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
    require(result == chunk.count, "a short write to the pipe")
    written += chunk.count
    do {
      while let read = try inbox.read(from: reader), read > 0 {}
    } catch {
      fail("reading the pipe failed: \(error)")
    }
    draining: while true {
      switch inbox.next() {
      case .frame(let type, let payload):
        frames.append((type, Array(payload)))
        checkDecoded(type: type, payload: payload)
      case .largePayload(let type, let length):
        // Its bytes are not all in the input: the worker would be waited for.
        require(
          length >= FrameInbox.directMinimum && length <= FrameInbox.directMaximum,
          "a large payload announced for type \(type), \(length) bytes")
        announcedLarge = true
        break draining
      case .incomplete:
        break draining
      }
    }
    if announcedLarge { break }
  }
  require(frames.count <= expected.count, "the inbox gave \(frames.count) frames, the stream holds \(expected.count)")
  for (index, frame) in frames.enumerated() {
    require(
      frame.type == expected[index].type && frame.payload == expected[index].payload,
      "frame \(index) differs from the stream's")
  }
  if !announcedLarge {
    require(frames.count == expected.count, "the inbox gave \(frames.count) frames of the stream's \(expected.count)")
  }
  return 0
}

func checkDecoded(type: UInt8, payload: ArraySlice<UInt8>) {
  let event: WorkerEvent
  do {
    event = try WorkerEvent(type: type, payload: payload)
  } catch {
    require(error.type == type, "a frame error naming type \(error.type) for a frame of type \(type)")
    return
  }
  switch event {
  case .write(let bytes), .yield(let bytes):
    require(bytes == Array(payload), "a byte event does not hold its payload")
  case .startResponse(_, let headers, _, _):
    let announced = payload.dropFirst(12).prefix(4).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
    require(headers.count == announced, "\(announced) headers announced, \(headers.count) decoded")
  default:
    break
  }
}
