import Gateway
import Testing

@Suite("wsgi.input and wsgi.errors")
struct StreamTests {
  func input(_ text: String, limit: Int? = nil) -> WSGIInput {
    WSGIInput(BytesSource(Array(text.utf8)), limit: limit ?? text.utf8.count)
  }

  @Test("read(n) reads at most n bytes, read() the rest, then empty bytes")
  func read() throws {
    let stream = input("hello world")
    #expect(try stream.read(5) == Array("hello".utf8))
    #expect(try stream.read() == Array(" world".utf8))
    #expect(try stream.read(10) == [])
    #expect(try stream.read() == [])
  }

  @Test("never yields bytes past CONTENT_LENGTH, whatever is asked")
  func neverPastLength() throws {
    let stream = input("0123456789 and more the client sent", limit: 10)
    #expect(try stream.read(100) == Array("0123456789".utf8))
    #expect(try stream.readline() == [])
    let lines = input("a\nb\nc\n", limit: 4)
    #expect(try lines.readlines() == [Array("a\n".utf8), Array("b\n".utf8)])
  }

  @Test("readline() reads up to and including a newline; readline(limit) stops at limit")
  func readline() throws {
    let stream = input("first line\nsecond\nlast")
    #expect(try stream.readline(3) == Array("fir".utf8))
    #expect(try stream.readline() == Array("st line\n".utf8))
    #expect(try stream.readline() == Array("second\n".utf8))
    #expect(try stream.readline() == Array("last".utf8))
    #expect(try stream.readline() == [])
  }

  @Test("readlines() and iteration yield every line")
  func lines() throws {
    #expect(try input("a\nbb\nccc").readlines().map { String(decoding: $0, as: UTF8.self) } == ["a\n", "bb\n", "ccc"])
    #expect(try input("a\nbb\nccc\n").readlines(3).count == 2)
    #expect(Array(input("x\ny\n")).map { String(decoding: $0, as: UTF8.self) } == ["x\n", "y\n"])
  }

  @Test("lines longer than the read block are read whole")
  func longLines() throws {
    let long = String(repeating: "x", count: 200_000)
    let stream = input(long + "\n" + long)
    #expect(try stream.readline().count == 200_001)
    #expect(try stream.read(150_000).count == 150_000)
    #expect(try stream.read().count == 50_000)
  }

  @Test("every read the app makes is in the call trace with the bytes it returned")
  func readsAreTraced() {
    let exchange = dispatch(
      app { environ, start in
        _ = try environ.input?.readline()
        _ = try environ.input?.read(3)
        try start("204 No Content", [])
        return ChunkedBody.empty
      }, method: "POST", body: Array("line\nabcdef".utf8))
    let reads = exchange.events.compactMap { event -> String? in
      if case .input(let call, let count) = event { return "\(call)=\(count)" }
      return nil
    }
    #expect(reads == ["readline()=5", "read(3)=3"])
    #expect(exchange.inputBytesRead == 8)
  }

  @Test("write, writelines and flush on wsgi.errors are all captured and traced")
  func errorsCaptured() {
    let exchange = dispatch(
      app { environ, start in
        environ.errors?.write("one\n")
        environ.errors?.writelines(["two ", "three\n"])
        environ.errors?.flush()
        try start("204 No Content", [])
        return ChunkedBody.empty
      })
    #expect(exchange.errorsText == "one\ntwo three\n")
    let calls = exchange.events.compactMap { event -> String? in
      if case .errors(let call, _) = event { return call }
      return nil
    }
    #expect(calls == ["write", "writelines", "flush"])
    #expect(exchange.diagnostics.isEmpty)
  }
}
