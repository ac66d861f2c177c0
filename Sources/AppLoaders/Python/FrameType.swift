/// The type byte of a frame between gwsh and the Python worker: one ASCII letter.
///
/// `worker.py` names the same letters as `_FRAME_*` constants (`_FRAME_START_RESPONSE`
/// for ``startResponse``); a test reads the script and checks that the two agree.
enum FrameType: UInt8, CaseIterable {
  // gwsh to the worker.
  /// A request with a new set of environ keys.
  case request = 0x51  // Q
  /// A request with the last request's keys: only the values that changed.
  case requestChanges = 0x71  // q
  /// The answer to a `wsgi.input` call.
  case inputData = 0x44  // D
  /// The same, with the bytes in the shared input slot.
  case inputShared = 0x64  // d
  /// A line typed at the `(Pdb)` prompt; an empty payload at Ctrl-D.
  case debuggerLine = 0x4C  // L
  /// Open pdb post-mortem at the frame that raised in the last request; the worker answers ``finished`` when it ends.
  case postMortem = 0x50  // P
  /// Run the next request under cProfile; the worker sends ``profile`` before it ends.
  case profileNext = 0x70  // p

  // The worker to gwsh.
  /// The script runs, so the interpreter is a Python 3; sent before the import.
  case started = 0x48  // H
  case ready = 0x4B  // K
  case importFailed = 0x46  // F
  case startResponse = 0x53  // S
  /// `start_response` with each field length-prefixed: one holds NUL or is not a `str`.
  case startResponsePrefixed = 0x73  // s
  case write = 0x77  // w
  case returned = 0x52  // R
  case yield = 0x59  // Y
  /// A body chunk in the shared memory: its offset and length.
  case sharedChunk = 0x4D  // M
  case closed = 0x43  // C
  case errors = 0x45  // E
  case diagnostic = 0x56  // V
  case exception = 0x58  // X
  case input = 0x49  // I
  case finished = 0x5A  // Z
  /// pdb waits for a line: what it printed since the last, ending with its prompt.
  case debuggerAsks = 0x41  // A
  /// A piece of what pdb prints while a command runs, sent as it comes rather than with ``debuggerAsks``.
  case debuggerOutput = 0x4F  // O
  /// pdb let the app go on (`c`, `n`, `s`, `q`): the command is over, and no prompt follows it.
  case debuggerLeft = 0x47  // G
  /// The profile of a request run after ``profileNext``: its hottest functions, as text.
  case profile = 0x54  // T

  /// The letter, for messages and docs.
  var letter: Character { Character(Unicode.Scalar(rawValue)) }
}
