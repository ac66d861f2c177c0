import Gateway

/// How much of one pdb command's output is shown: its head, then a line saying what was left out,
/// as a body is cut (``BodyCut``), but after many screenfuls rather than one. What a pdb command
/// prints is what the person asked for, commands such as `where`, `ll` and `pp` run past a
/// screen, and nothing keeps it to print whole later; a runaway `p` of 50 MB still costs a few
/// screens and the time to count the rest, not minutes of a terminal scrolling.
///
/// The pieces come as pdb prints them; each is cut, made terminal-safe and let go, so memory
/// stays at a piece whatever the output's size.
struct DebuggerOutputCut {
  /// The lines of a command's output shown; a line longer than 160 bytes counts as a line a
  /// 160 bytes, as a body's do, so one long repr is cut too.
  static let lines = 1000
  static let room = BodyCut.Room(lines: lines, bytes: lines * 160)

  /// Controls escaped, backslashes as pdb printed them: its reprs and the app's source are full
  /// of them (`'\\d+'`, `"\r\n"`), and doubled they would read as something the app never held.
  private var decoder = SafeDecoder(multiline: true, fromApp: false)
  private var room = Self.room
  private var shown = 0
  private var total = 0
  private var endedWithNewline = true
  /// Ctrl-C interrupted the command: the rest of its output, and what was on its way, is counted, not shown.
  private(set) var interrupted = false

  /// The safe text of what of `piece` fits the room left; the rest is counted.
  mutating func text(for piece: some Collection<UInt8>) -> String {
    let bytes = Array(piece)
    total += bytes.count
    guard !interrupted else { return "" }
    let end = BodyCut.end(of: bytes, within: room, binary: false)
    if end < bytes.count {
      room = BodyCut.Room(lines: 0, bytes: 0)
    } else {
      room.bytes -= end
      room.lines -= bytes[..<end].count(where: { $0 == UInt8(ascii: "\n") })
    }
    shown += end
    decoder.feed(bytes[..<end])
    let text = decoder.take()
    if !text.isEmpty { endedWithNewline = text.hasSuffix("\n") }
    return text
  }

  /// Ctrl-C: the rest of the command's output, what was already on its way too, is left out.
  mutating func interrupt() {
    interrupted = true
    // The console starts a new line after the ^C the terminal echoed.
    endedWithNewline = true
  }

  /// The end of the command's output: what the decoder held back, and, when some was left out,
  /// a line saying how much. Starts over for the next command.
  mutating func finish(style: TerminalStyle) -> String {
    var text = decoder.finish()
    if !text.isEmpty { endedWithNewline = text.hasSuffix("\n") }
    let left = total - shown
    if left > 0 {
      if !endedWithNewline { text += interrupted ? "\n" : "…\n" }
      let hint =
        interrupted
        ? "… " + Measures.bytes(left) + " more not shown: Ctrl-C interrupted the command"
        : "… " + Measures.part(left, of: total) + " not shown: pdb shows a command's first \(Self.lines) lines"
      text += style.paint(hint, .dim) + "\n"
    }
    self = DebuggerOutputCut()
    return text
  }
}
