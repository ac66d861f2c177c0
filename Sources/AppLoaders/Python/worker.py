# gwsh's Python worker: imports one WSGI app and runs requests the shell sends.
# Frames: 4-byte little-endian payload length, 1 type byte, payload.
# Requests arrive on fd 3, events leave on fd 4; stdout and stderr are the
# app's, captured as stray output, so a print never corrupts the channel.
import faulthandler, gc, importlib, io, os, struct, sys, threading, time, traceback
from select import select as _select

# Frame types, one letter each. FrameType in WorkerEvent.swift names the same
# letters, and a test checks that the two agree.
# gwsh to the worker:
_FRAME_REQUEST = ord("Q")  # a request with a new set of environ keys
_FRAME_REQUEST_CHANGES = ord("q")  # a request with the last keys: only the changed values
_FRAME_INPUT_DATA = ord("D")  # the answer to a wsgi.input call
_FRAME_INPUT_SHARED = ord("d")  # the same, with the bytes in the shared input slot
_FRAME_DEBUGGER_LINE = ord("L")  # a line typed at the (Pdb) prompt; nothing at Ctrl-D
_FRAME_PROFILE_NEXT = ord("p")  # run the next request under cProfile
_FRAME_POST_MORTEM = ord("P")  # open pdb at the frame that raised in the last request; Z when it ends
# The worker to gwsh:
_FRAME_STARTED = ord("H")  # the script runs: the interpreter is a Python 3
_FRAME_READY = ord("K")
_FRAME_IMPORT_FAILED = ord("F")
_FRAME_START_RESPONSE = ord("S")
_FRAME_START_RESPONSE_PREFIXED = ord("s")  # each field length-prefixed: one holds NUL or is not a str
_FRAME_WRITE = ord("w")
_FRAME_RETURNED = ord("R")
_FRAME_YIELD = ord("Y")
_FRAME_SHARED_CHUNK = ord("M")
_FRAME_CLOSED = ord("C")
_FRAME_ERRORS = ord("E")
_FRAME_DIAGNOSTIC = ord("V")
_FRAME_EXCEPTION = ord("X")
_FRAME_INPUT = ord("I")
_FRAME_FINISHED = ord("Z")
_FRAME_PROFILE = ord("T")  # the profile of this request: its hottest functions, as text
_FRAME_DEBUGGER_ASKS = ord("A")  # pdb waits for a line: what it printed since, ending with its prompt
_FRAME_DEBUGGER_OUTPUT = ord("O")  # a piece of what pdb prints while a command runs, sent as it comes
_FRAME_DEBUGGER_LEFT = ord("G")  # pdb let the app go on (c, n, s, q): its command is over, and no prompt follows

_IN, _OUT = 3, 4
_HEAD = struct.Struct("<IB")
_U32 = struct.Struct("<I")
_I64 = struct.Struct("<q")
# start_response: the frame's head, when it was called (CLOCK_MONOTONIC ns), the
# exc_info line's length, the header count; then that line, then the status and headers.
_START = struct.Struct("<IBqII")
_ASK = struct.Struct("<IBBq")
_NONE = -(2 ** 63)
_RETURNED = _HEAD.pack(0, _FRAME_RETURNED)
_CLOSED_AND_DONE = _HEAD.pack(0, _FRAME_CLOSED) + _HEAD.pack(0, _FRAME_FINISHED)
_DONE = _HEAD.pack(0, _FRAME_FINISHED)
_clock = time.monotonic_ns
# How long to look for the next request before sleeping in read, as gwsh looks
# for events (BriefSpin): gwsh says, 0 for not at all.
_LOOK = next((int(flag[5:]) for flag in sys.argv[3:] if flag.startswith("look=")), 0)
_yield = os.sched_yield
_lock = threading.Lock()
# start_response frames not sent yet. A server sends the headers with the first
# body bytes (PEP 3333), so these go out with the next event, stamped with when
# the call happened: one write, and one wake-up in the shell, instead of two.
_held = []
# Programs the app starts must not inherit the channel.
os.set_inheritable(_IN, False)
os.set_inheritable(_OUT, False)
_reader = os.fdopen(_IN, "rb", buffering=1 << 16)
# Large body chunks go through memory shared with the shell, when it offers
# some (fds 5 and 6): four 1 MiB slots, each freed by a byte on fd 6 once the
# shell took the chunk, so the pipe carries only their places (M).
_SLOTS = None
_SLOT_SIZE = 1 << 20
_SLOT_MINIMUM = 1 << 16
_PLACE = struct.Struct("<IBII")
_free_slots = 4
_INPUT_SLOT = 4 * _SLOT_SIZE
_next_slot = 0
if "shared" in sys.argv[3:]:
    try:
        import mmap
        # Only the shell's memory: a wrapper script in between may have reused the number.
        if not os.readlink("/proc/self/fd/5").startswith("/memfd:gwsh-chunks"):
            raise OSError("fd 5 is not the shell's memory")
        os.set_inheritable(5, False)
        os.set_inheritable(6, False)
        _SLOTS = memoryview(mmap.mmap(5, 5 * _SLOT_SIZE))
    except (OSError, ValueError):
        pass  # every chunk goes through the pipe


def _send_chunk(chunk):
    global _free_slots, _next_slot
    size = len(chunk)
    if _SLOTS is None or size < _SLOT_MINIMUM or size > _SLOT_SIZE:
        _send_raw([_HEAD.pack(size, _FRAME_YIELD), chunk])
        return
    if not _free_slots:
        # Waits until the shell took a chunk; it answers each with one byte.
        _free_slots = len(os.read(6, 64))
        if not _free_slots:
            os._exit(70)
    at = _next_slot * _SLOT_SIZE
    _next_slot = (_next_slot + 1) % 4
    _free_slots -= 1
    _SLOTS[at : at + size] = chunk
    _send_raw([_PLACE.pack(8, _FRAME_SHARED_CHUNK, at, size)])


def _send(kind, *parts):
    size = 0
    for part in parts:
        size += len(part)
    _send_raw([_HEAD.pack(size, kind), *parts])


def _send_raw(parts):
    # One writev for the whole frame (with whatever start_response is held); a
    # pipe that is full takes the rest piece by piece.
    with _lock:
        if _held:
            # Only what was copied is removed: a start_response held meanwhile stays.
            held = _held[:]
            del _held[: len(held)]
            parts[:0] = held
        written = os.writev(_OUT, parts)
        if written != sum(map(len, parts)):
            _write_rest(parts, written)


def _write_rest(parts, written):
    for piece in parts:
        if written >= len(piece):
            written -= len(piece)
            continue
        view = memoryview(piece)[written:]
        written = 0
        while view:
            view = view[os.write(_OUT, view):]


def _hold(frame):
    # A list append needs no lock: _send_raw removes only the frames it copied.
    _held.append(frame)
    if len(_held) > 16:
        # An app calling start_response in a loop must not outgrow writev's limit.
        with _lock:
            _held[:] = [b"".join(_held)]


def _text(value):
    data = value.encode("utf-8", "surrogatepass")
    return _U32.pack(len(data)) + data


def _read_frame():
    head = _reader.read(5)
    if len(head) < 5:
        return None, b""
    size, kind = _HEAD.unpack(head)
    payload = _reader.read(size) if size else b""
    if len(payload) < size:
        return None, b""
    return kind, payload


def _diag(rule, message):
    _send(_FRAME_DIAGNOSTIC, _text(rule), message.encode("utf-8", "replace"))


def _describe(value):
    return "%s %r" % (type(value).__name__, value) if len(repr(value)) < 60 else type(value).__name__


class _Stray(io.TextIOBase):
    """sys.stdout and sys.stderr: what an app prints goes to the process's own
    stdout or stderr, which gwsh reads apart from the channel and shows as stray
    output. So a print never corrupts the response, and print(), sys.stderr,
    a C extension and a child process all land in one pipe, in the order written."""

    def __init__(self, name, fd):
        self._name = name
        self._fd = fd

    @property
    def name(self):
        return self._name

    def writable(self):
        return True

    def fileno(self):
        return self._fd

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError("write() argument must be str, not %s" % type(text).__name__)
        if text:
            _write_all(self._fd, text.encode("utf-8", "replace"))
        return len(text)

    @property
    def buffer(self):
        return _StrayBuffer(self._fd)


class _StrayBuffer:
    def __init__(self, fd):
        self._fd = fd

    def write(self, data):
        data = bytes(data)
        if data:
            _write_all(self._fd, data)
        return len(data)

    def flush(self):
        pass


def _write_all(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


class _Errors:
    """wsgi.errors: a text stream; every call is forwarded as it happens."""

    def write(self, text):
        if not isinstance(text, str):
            _diag("errors.not-string", "wsgi.errors.write() was called with %s; it takes a str." % _describe(text))
            raise TypeError("write() argument must be str, not %s" % type(text).__name__)
        _send(_FRAME_ERRORS, b"\x00", text.encode("utf-8", "surrogatepass"))
        return len(text)

    def writelines(self, lines):
        lines = list(lines)
        for line in lines:
            if not isinstance(line, str):
                _diag("errors.not-string", "wsgi.errors.writelines() got %s; it takes str lines." % _describe(line))
                raise TypeError("write() argument must be str, not %s" % type(line).__name__)
        _send(_FRAME_ERRORS, b"\x01", "".join(lines).encode("utf-8", "surrogatepass"))

    def flush(self):
        _send(_FRAME_ERRORS, b"\x02")

    def close(self):
        _send(_FRAME_ERRORS, b"\x03")


class _Input:
    """wsgi.input: every call asks the shell, which reads the request body only as far as the app does."""

    def _call(self, kind, size):
        if size is None:
            size = _NONE
        elif not isinstance(size, int):
            raise TypeError("argument should be integer or None, not %r" % type(size).__name__)
        _send_raw([_ASK.pack(9, _FRAME_INPUT, kind, size)])
        reply, payload = _read_frame()
        if reply == _FRAME_INPUT_SHARED:  # the bytes wait in the shared input slot
            (n,) = _U32.unpack(payload)
            return bytes(_SLOTS[_INPUT_SLOT : _INPUT_SLOT + n])
        if reply != _FRAME_INPUT_DATA:
            os._exit(70)
        return payload

    def read(self, size=None):
        return self._call(0, size)

    def readline(self, size=None):
        return self._call(1, size)

    def readlines(self, hint=None):
        payload = self._call(2, hint)
        lines, at = [], 0
        while at < len(payload):
            (n,) = _U32.unpack_from(payload, at)
            lines.append(payload[at + 4 : at + 4 + n])
            at += 4 + n
        return lines

    def __iter__(self):
        return self

    def __next__(self):
        line = self._call(3, None)
        if not line:
            raise StopIteration
        return line

    def close(self):
        self._call(4, None)


# breakpoint() and pdb.set_trace() open pdb at gwsh's prompt when gwsh has a terminal:
# pdb reads and writes through frames on the channel, never the worker's stdin.
_HAS_TERMINAL = "terminal" in sys.argv[3:]
# A piece of pdb's output: 32 Ki characters, at most 128 KiB as UTF-8.
_DEBUGGER_PIECE = 1 << 15


class _DebuggerOutput(io.TextIOBase):
    """pdb's stdout, sent to gwsh in pieces as pdb prints: a command's long output shows as it
    comes, and neither side holds it whole. Small writes wait for a piece's worth, or for pdb's
    next request for a line, which they go with: a listing costs one frame, not one a line, and
    pdb's word on a Ctrl-C always comes with the prompt after it."""

    def __init__(self):
        self._pending = []
        self._size = 0

    def writable(self):
        return True

    def write(self, text):
        size = len(text)
        if self._pending and self._size + size > _DEBUGGER_PIECE:
            self._send_piece(self.take())
        if size >= _DEBUGGER_PIECE:
            # One long repr (p of a large value): its slices, each a frame the shell shows and lets go.
            for start in range(0, size, _DEBUGGER_PIECE):
                self._send_piece(text[start : start + _DEBUGGER_PIECE])
            return size
        self._pending.append(text)
        self._size += size
        return size

    def _send_piece(self, text):
        _send(_FRAME_DEBUGGER_OUTPUT, text.encode("utf-8", "replace"))
        # A Ctrl-C that came while the piece was going out stops the command now, between frames.
        if _interrupt_pending and _debugger_command == threading.get_ident():
            _interrupt_command()

    def take(self):
        text = "".join(self._pending)
        self._pending.clear()
        self._size = 0
        return text


class _DebuggerInput(io.TextIOBase):
    """pdb's stdin: each line is asked of gwsh, which reads it with readline at a (Pdb) prompt."""

    def __init__(self, output):
        self._output = output

    def readable(self):
        return True

    def readline(self, size=-1):
        global _debugger_command, _debugger_output, _interrupt_pending
        # The command is over: a Ctrl-C from now on finds nothing to interrupt.
        _debugger_command, _interrupt_pending = None, False
        _send(_FRAME_DEBUGGER_ASKS, self._output.take().encode("utf-8", "replace"))
        kind, payload = _read_frame()
        if kind != _FRAME_DEBUGGER_LINE:
            os._exit(70)
        _debugger_output, _debugger_command = self._output, threading.get_ident()
        return payload.decode("utf-8", "replace")


# Ctrl-C at gwsh while pdb runs a command the person typed (a long p, a slow call) interrupts
# that command, as in a terminal: gwsh sends SIGINT, pdb catches the KeyboardInterrupt and asks
# for the next line, the app still stopped where it was. The thread running the command, and
# its output, between the line's arrival and pdb's next request for one (or its leaving).
_debugger_command = None
_debugger_output = None
# A Ctrl-C that came while a frame was half sent or half read, raised once that is over.
_interrupt_pending = False
_WORKER_GLOBALS = globals()


def _debugger_interrupt(signum, frame):
    global _interrupt_pending
    if _debugger_command is None:
        return  # pdb asked for the next line, or let the app go on, before the signal came
    # Raised at once only in pdb's command or the app code it runs: a frame of the worker's own
    # (sending or reading a frame, serving wsgi.input) comes first when the channel is busy.
    import pdb

    while frame is not None and frame.f_globals is not _WORKER_GLOBALS:
        if frame.f_code is pdb.Pdb.onecmd.__code__:
            if _debugger_command == threading.get_ident():
                _interrupt_command()
            break
        frame = frame.f_back
    _interrupt_pending = True


def _interrupt_command():
    global _interrupt_pending
    _interrupt_pending = False
    # What the command printed and did not send yet is given up with it.
    if _debugger_output is not None:
        _debugger_output.take()
    raise KeyboardInterrupt


if _HAS_TERMINAL:
    import signal

    signal.signal(signal.SIGINT, _debugger_interrupt)


def _debugger_left(output):
    """pdb's postloop: it let the app go on. What it printed goes out, then G, so that gwsh
    knows a Ctrl-C from now on is the request's again."""
    global _debugger_command, _interrupt_pending
    _debugger_command, _interrupt_pending = None, False
    text = output.take()
    if text:
        _send(_FRAME_DEBUGGER_OUTPUT, text.encode("utf-8", "replace"))
    _send(_FRAME_DEBUGGER_LEFT)


def _debugger():
    import pdb

    output = _DebuggerOutput()
    debugger = pdb.Pdb(stdin=_DebuggerInput(output), stdout=output, nosigint=True, readrc=False)
    debugger.use_rawinput = False
    debugger.postloop = lambda: _debugger_left(output)
    return debugger


def _open_debugger(frame):
    if not _HAS_TERMINAL:
        raise RuntimeError(
            "breakpoint() at %s, line %d: gwsh has no terminal to open pdb at (gwsh run, or commands from a pipe)"
            % (frame.f_code.co_filename, frame.f_lineno))
    _debugger().set_trace(frame)


def _breakpoint(*args, **kwargs):
    _open_debugger(sys._getframe(1))


def _set_trace(*, header=None):
    _open_debugger(sys._getframe(1))


def _check_arguments(status, headers):
    """wsgiref's checks of start_response's arguments, run only once the quick check failed."""
    if type(status) is not str:
        _diag("start-response.arguments", "start_response got the status %s; it takes a str." % _describe(status))
        raise AssertionError("Status must be of type str (got %r)" % (status,))
    if type(headers) is not list:
        _diag("start-response.arguments", "start_response got the headers %s; it takes a list." % _describe(headers))
        raise TypeError("Headers must be a list of name/value tuples")
    for item in headers:
        if type(item) is not tuple or len(item) != 2:
            _diag("start-response.arguments", "start_response got the header %s; it takes (str, str) tuples." % _describe(item))
            raise AssertionError("Header must be a (name, value) tuple (got %r)" % (item,))
        for part, what in ((item[0], "Header name"), (item[1], "Header value")):
            if type(part) is not str:
                _diag("start-response.arguments", "start_response got the %s %s; it takes a str." % (what.lower(), _describe(part)))
                raise AssertionError("%s must be of type str (got %r)" % (what, part))


def _start_frame(when, status, headers, exc_info):
    """An S frame: the status and headers NUL-separated, or an s frame with each
    length-prefixed when one holds a NUL or is not a str (a call wsgiref refuses)."""
    exc = "".join(traceback.format_exception_only(exc_info[0], exc_info[1])).strip().encode("utf-8", "replace") if exc_info else b""
    try:
        fields = [status]
        for name, value in headers:
            fields.append(name)
            fields.append(value)
        data = "\0".join(fields).encode("utf-8", "surrogatepass")
        if data.count(0) == len(fields) - 1:
            return _START.pack(16 + len(exc) + len(data), _FRAME_START_RESPONSE, when, len(exc), len(headers)) + exc + data
    except (TypeError, ValueError):
        pass
    try:
        parts = [_text(str(status))]
        for name, value in headers:
            parts.append(_text(str(name)))
            parts.append(_text(str(value)))
        count = len(headers)
    except (TypeError, ValueError):
        parts, count = [_text(str(status))], 0
    data = b"".join(parts)
    return _START.pack(16 + len(exc) + len(data), _FRAME_START_RESPONSE_PREFIXED, when, len(exc), count) + exc + data


class _Request:
    """One request's start_response and write, mirroring wsgiref's checks so the
    app sees the same exceptions; the shell's gateway core records and validates."""

    # Class defaults, not __init__: making one costs no Python frame per request.
    started = False
    headers_sent = False

    def start_response(self, status, headers, exc_info=None):
        when = _clock()
        if exc_info:
            if self.headers_sent:
                _hold(_start_frame(when, status, headers, exc_info))
                raise exc_info[1].with_traceback(exc_info[2])
        elif self.started:
            _hold(_start_frame(when, status, headers, None))
            raise AssertionError("Headers already set!")
        if type(status) is not str or type(headers) is not list:
            _check_arguments(status, headers)
        fields = [status]
        for item in headers:
            if type(item) is not tuple or len(item) != 2 or type(item[0]) is not str or type(item[1]) is not str:
                _check_arguments(status, headers)
            fields += item
        data = "\0".join(fields).encode("utf-8", "surrogatepass")
        if exc_info or data.count(0) != len(fields) - 1:
            _hold(_start_frame(when, status, headers, exc_info))
        else:
            _hold(_START.pack(16 + len(data), _FRAME_START_RESPONSE, when, 0, len(headers)) + data)
        self.started = True
        return self.write

    def write(self, data):
        if type(data) is not bytes:
            _diag("body.not-bytes", "write() was called with %s; it takes bytes." % _describe(data))
            raise AssertionError("write() argument must be a bytes instance")
        _send_raw([_HEAD.pack(len(data), _FRAME_WRITE), data])
        if not self.started:
            raise AssertionError("write() before start_response()")
        self.headers_sent = True


# The worker's own code runs as "<string>" (python -c); importlib's frames are
# "<frozen importlib._bootstrap>" and import_module's file. None is the app's, so
# tracebacks leave them out.
_OWN_FILE = sys._getframe().f_code.co_filename
_IMPORTLIB_FILE = importlib.__file__


def _is_own(filename):
    return filename == _OWN_FILE or filename == _IMPORTLIB_FILE or filename.startswith("<frozen importlib")


def _format(value):
    """The exception line first, then the app's frames from the one that raised
    outward: a long traceback cut to a screenful keeps what matters. The chain
    (raise ... from, or raised while handling another) follows the same way."""
    lines = []
    summary = traceback.TracebackException.from_exception(value)
    link = None
    while summary is not None:
        if link:
            lines.append("\n%s\n" % link)
        lines.extend(summary.format_exception_only())
        frames = [frame for frame in summary.stack if not _is_own(frame.filename)]
        if frames:
            lines.append("Traceback (most recent call first):\n")
            lines.extend(traceback.StackSummary.from_list(frames[::-1]).format())
        elif summary.stack and all(frame.filename == _OWN_FILE for frame in summary.stack):
            # Raised by the worker itself: a check wsgiref makes on the app's behalf.
            lines.append("Traceback (most recent call first):\n  (raised by gwsh as wsgiref would, not in the app's code)\n")
        if summary.__cause__ is not None:
            summary, link = summary.__cause__, "It was raised from:"
        elif summary.__context__ is not None and not summary.__suppress_context__:
            summary, link = summary.__context__, "It was raised while handling:"
        else:
            summary = None
    return "".join(lines)


# The traceback of the last exception a request raised, for `debug` (pdb post-mortem), as
# Python keeps sys.last_traceback for pdb.pm(): kept until another request raises; one at most.
_last_traceback = None


def _post_mortem_session():
    if _last_traceback is not None and _HAS_TERMINAL:
        debugger = _debugger()
        debugger.reset()
        try:
            debugger.interaction(None, _last_traceback)
        except BaseException:
            pass
    _send_raw([_DONE])


def _exception(phase, then=None):
    global _last_traceback
    kind, value, tb = sys.exc_info()
    _last_traceback = tb
    message = "".join(traceback.format_exception_only(kind, value)).strip()
    parts = [bytes((phase,)), _text(message), _format(value).encode("utf-8", "replace")]
    frame = [_HEAD.pack(sum(map(len, parts)), _FRAME_EXCEPTION), *parts]
    if then is not None:
        frame.append(then)
        _finish(frame)
        return
    _send_raw(frame)


_INPUT = None
_ERRORS = None
# The typed entries of recent requests, parsed: they are nearly always the same.
_TYPED = {}


def _typed(data):
    typed = {}
    parts = data.decode("utf-8", "surrogatepass").split("\0")
    for key, value in zip(parts[0::2], parts[1::2]):
        kind = value[0]
        if kind == "b":
            typed[key] = value == "b1"
        elif kind == "v":
            major, _, minor = value[1:].partition(".")
            typed[key] = (int(major), int(minor))
        elif kind == "i":
            typed[key] = _INPUT
        elif kind == "e":
            typed[key] = _ERRORS
    if len(_TYPED) < 8:
        _TYPED[data] = typed
    return typed


# The environ of the last request, never handed to an app: a request with the
# same keys (q) sends only the values that changed, and the app gets a copy.
_base = {}
_NO_CHANGES = bytes(8)


def _environ(kind, payload):
    # Three parts: strings as "key\0value\0...", typed entries the same way with
    # a type letter before the value, and strings holding NUL length-prefixed.
    # Splitting on NUL is what keeps a request's environ cheap to build.
    global _base
    if kind == _FRAME_REQUEST_CHANGES and payload == _NO_CHANGES:  # nothing changed
        return _base.copy()
    if kind == _FRAME_REQUEST:  # new keys, a new environ
        _base = {}
    base = _base
    (n,) = _U32.unpack_from(payload, 0)
    if n:
        parts = iter(payload[4 : 4 + n].decode("utf-8", "surrogatepass").split("\0"))
        base.update(zip(parts, parts))
    at = 4 + n
    (n,) = _U32.unpack_from(payload, at)
    if n:
        data = payload[at + 4 : at + 4 + n]
        base.update(_TYPED.get(data) or _typed(data))
    at += 4 + n
    end = len(payload)
    while at < end:
        (n,) = _U32.unpack_from(payload, at)
        key = payload[at + 4 : at + 4 + n].decode("utf-8", "surrogatepass")
        at += 4 + n
        (n,) = _U32.unpack_from(payload, at)
        base[key] = payload[at + 4 : at + 4 + n].decode("utf-8", "surrogatepass")
        at += 4 + n
    return base.copy()


# `profile REQUEST`: the profiler of the request being served, when gwsh asked for one.
_profile_next = False
_profiler = None


def _finish(parts):
    """Sends the request's last frames, with its profile first when it was profiled."""
    global _profiler
    if _profiler is not None:
        _profiler.disable()
        report = _profile_report(_profiler).encode("utf-8", "replace")
        _profiler = None
        parts[:0] = [_HEAD.pack(len(report), _FRAME_PROFILE), report]
    _send_raw(parts)


def _profile_report(profiler, limit=15):
    import pstats

    rows = []
    for (filename, line, name), (_, calls, own, cumulative, callers) in pstats.Stats(profiler).stats.items():
        # The worker's own frames, and built-ins only the worker called, are gwsh's time, not the app's.
        if _is_own(filename) or (callers and all(_is_own(caller[0]) for caller in callers)):
            continue
        where = name if filename == "~" else "%s (%s:%d)" % (name, filename, line)
        rows.append((own, cumulative, calls, where))
    rows.sort(reverse=True)
    lines = ["%8s %10s %10s  %s" % ("calls", "own ms", "cum ms", "function (hottest first, by own time)")]
    for own, cumulative, calls, where in rows[:limit]:
        lines.append("%8d %10.3f %10.3f  %s" % (calls, own * 1000, cumulative * 1000, where))
    if len(rows) > limit:
        lines.append("… %d more functions" % (len(rows) - limit))
    return "\n".join(lines) + "\n"


def _serve(app, kind, payload):
    global _profile_next, _profiler
    if _profile_next:
        import cProfile

        _profile_next = False
        _profiler = cProfile.Profile()
        _profiler.enable()
    request = _Request()
    try:
        result = app(_environ(kind, payload), request.start_response)
    except BaseException:
        _exception(0, _DONE)
        return
    if (type(result) is list or type(result) is tuple) and request.started and len(result) <= 64:
        # A list or tuple body was made before the app returned: its events happen at one
        # moment, so they go out in one write, which saves the shell a wake-up per event.
        parts = [_RETURNED]
        size = 0
        for chunk in result:
            if type(chunk) is not bytes:
                break
            size += len(chunk)
            parts.append(_HEAD.pack(len(chunk), _FRAME_YIELD))
            parts.append(chunk)
        else:
            if size <= 1 << 20:
                parts.append(_CLOSED_AND_DONE)
                _finish(parts)
                return
    _send_raw([_RETURNED])
    try:
        if isinstance(result, (str, bytes)):
            _diag("body.iterable-is-string", "The app returned %s, which is iterated %s; return a list of bytes." % (
                "a str" if isinstance(result, str) else "a bytes object",
                "one character at a time" if isinstance(result, str) else "one int at a time"))
        for chunk in result:
            if type(chunk) is not bytes:
                _diag("body.not-bytes", "The body yielded %s; every chunk is bytes." % _describe(chunk))
                raise AssertionError("write() argument must be a bytes instance")
            # Each chunk goes out as it is made, so a streamed body stays live.
            _send_chunk(chunk)
            if not request.started:
                raise AssertionError("write() before start_response()")
            if chunk:
                request.headers_sent = True
    except BaseException:
        _exception(1)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            try:
                close()
            except BaseException:
                _exception(2)
        _finish([_CLOSED_AND_DONE])


def _await_request():
    # The next request of a replay comes within microseconds, and a process asleep
    # in read takes about as long again to wake: look for it first.
    # (Between requests the reader's buffer is empty: each frame is read whole.)
    if _LOOK:
        give_up = _clock() + _LOOK
        while not _select([_IN], (), (), 0)[0] and _clock() < give_up:
            _yield()


_MISSING = object()


def _missing_app(holder, module_name, name):
    """Why a spec's callable was not found, naming what in the module could be the app."""
    if not isinstance(holder, type(sys)):
        return "AttributeError: the %s has no attribute %r\n" % (_describe(holder), name)
    candidates = []
    for key, value in vars(holder).items():
        if key.startswith("_") or not callable(value) or isinstance(value, (type, type(sys))):
            continue
        # A function imported from elsewhere (a helper, a decorator) is not this module's app.
        if hasattr(value, "__code__") and getattr(value, "__module__", None) != holder.__name__:
            continue
        candidates.append(key)
    # The names WSGI servers look for first.
    candidates.sort(key=lambda key: (key not in ("application", "app"), key))
    text = "AttributeError: module %r has no attribute %r\n" % (module_name, name)
    if not candidates:
        return text + "%s defines nothing callable that could be the app (a function or object called with environ and start_response)\n" % module_name
    return text + "callables in %s that could be the app: %s (as in python:%s:%s)\n" % (
        module_name, ", ".join(candidates[:8]) + (", …" if len(candidates) > 8 else ""), module_name, candidates[0])


def main():
    module_name, callable_path = sys.argv[1], sys.argv[2]
    _send(_FRAME_STARTED)
    # A crash in C code (a segfault) prints the Python stack to fd 2, which gwsh shows.
    faulthandler.enable(file=sys.__stderr__, all_threads=True)
    sys.breakpointhook = _breakpoint
    if _HAS_TERMINAL:
        import pdb

        pdb.set_trace = _set_trace
    sys.stdout = _Stray("<stdout>", 1)
    sys.stderr = _Stray("<stderr>", 2)
    sys.path.insert(0, os.getcwd())
    # No .pyc of the app's modules from this worker: a file saved twice within a second
    # at the same size would otherwise be imported from the stale .pyc after a reload.
    sys.dont_write_bytecode = True
    try:
        target = importlib.import_module(module_name)
        for part in callable_path.split("."):
            found = getattr(target, part, _MISSING)
            if found is _MISSING:
                # A spec's typo, not the app's failure: no traceback, and what could be meant.
                _send(_FRAME_IMPORT_FAILED, _missing_app(target, module_name, part).encode("utf-8", "replace"))
                return
            target = found
        if not callable(target):
            _send(_FRAME_IMPORT_FAILED, ("TypeError: %s:%s is the %s, which is not callable, so it cannot be the WSGI app\n" % (
                module_name, callable_path, _describe(target))).encode("utf-8", "replace"))
            return
    except BaseException as error:
        _send(_FRAME_IMPORT_FAILED, _format(error).encode("utf-8", "replace"))
        return
    global _INPUT, _ERRORS
    # Both streams keep no state of their own (every call goes to the shell), so one of each serves every request.
    _INPUT, _ERRORS = _Input(), _Errors()
    # The app's modules live as long as the worker: the collector need not walk them again.
    gc.freeze()
    _send(_FRAME_READY, b"\x01" if _SLOTS is not None else b"")  # and whether the slots are mapped
    while True:
        _await_request()
        kind, payload = _read_frame()
        if kind is None:
            return
        if kind == _FRAME_REQUEST or kind == _FRAME_REQUEST_CHANGES:
            _serve(target, kind, payload)
        elif kind == _FRAME_POST_MORTEM:
            _post_mortem_session()
        elif kind == _FRAME_PROFILE_NEXT:
            global _profile_next
            _profile_next = True


main()
