import Foundation
import Gateway
import Session
import TestSupport
import Testing

@testable import GatewayShell

@Suite("Bodies larger than memory keeps")
struct BodySpillTests {
  let folder: String
  let limits: DispatchLimits

  init() throws {
    let folder = TemporaryFolder(prefix: "gwsh-bodies").path
    self.folder = folder
    limits = DispatchLimits(capture: CaptureLimits(headLimit: 1000, makeSpill: { try? FileSpill(directory: folder) }))
  }

  @Test("show response --full prints a body kept on disk whole; the cut view says where it is")
  func textFromDisk() throws {
    let text = (1...20_000).map { "line \($0)\n" }.joined()
    let chunks = stride(from: 0, to: text.utf8.count, by: 4096).map {
      Array(Array(text.utf8)[$0..<min($0 + 4096, text.utf8.count)])
    }
    let spilled = exchange(respond("200 OK", [("Content-Type", "text/plain")], chunks), limits: limits)
    #expect(spilled.body.head.count == 1000)
    let output = CapturedOutput()
    ExchangeRenderer(style: .plain, screenLines: 20, full: true).write(spilled, to: output)
    #expect(output.contents.contains("\n\nline 1\nline 2\n"))
    #expect(output.contents.contains("line 19999\nline 20000\n\n── "))
    #expect(rendered(spilled, screenLines: 20).contains("the whole body is in \(folder)/body-"))
  }

  @Test("a binary body from disk is dumped with rows that line up across the pieces read")
  func binaryFromDisk() throws {
    let body = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    let chunks = stride(from: 0, to: body.count, by: 999).map { Array(body[$0..<min($0 + 999, body.count)]) }
    let spilled = exchange(respond("200 OK", [("Content-Type", "application/octet-stream")], chunks), limits: limits)
    let output = CapturedOutput()
    ExchangeRenderer(style: .plain, full: true).write(spilled, to: output)
    let rows = output.contents.split(separator: "\n").filter { $0.count > 10 && $0.dropFirst(8).hasPrefix("  ") }
    #expect(rows.count == 6250)
    #expect(rows.last?.hasPrefix("00018690  ") == true)
  }

  @Test("bodies a killed shell left behind are removed at the next start, a running shell's are kept")
  func abandonedBodiesAreRemoved() throws {
    let own = try FileSpill(directory: folder)
    #expect(FileManager.default.createFile(atPath: folder + "/body-999999999-abcdef", contents: Data("old".utf8)))
    FileSpill.removeAbandoned(in: folder)
    #expect(!FileManager.default.fileExists(atPath: folder + "/body-999999999-abcdef"))
    #expect(FileManager.default.fileExists(atPath: own.path!))
  }
}
