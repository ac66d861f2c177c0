"""The Python peers gwsh is measured against, each timed the way gwsh-bench times gwsh.

Run by gwsh-bench through the real interpreter (sys.executable, not a version
manager's shim); each prints one JSON object on stdout:

    python peers.py werkzeug ROUNDS BATCH     Werkzeug's test client, Client.get('/') on a trivial app
    python peers.py flask ROUNDS BATCH        the same through a trivial Flask app
    python peers.py wsgiref ROUNDS BATCH      wsgiref's SimpleHandler over in-memory streams
    python peers.py direct ROUNDS BATCH       app(environ, start_response) with a prebuilt environ
    python peers.py pipe ROUNDS BATCH         a persistent worker answering length-prefixed frames over pipes
    python peers.py spawn ROUNDS BATCH PROG   posix_spawn of PROG, read its stdout to the end, wait
    python peers.py session COUNT [APP]       COUNT requests through Werkzeug's client, each status checked
    python peers.py client ROUNDS BATCH APP PATH   Werkzeug's client, Client.get(PATH) on MODULE:NAME
    python peers.py call ROUNDS BATCH APP PATH     APP(environ, start_response), the environ prebuilt for PATH
    python peers.py print-loop COUNT APP OUT  COUNT requests through Werkzeug's client, each response
                                              printed pretty (status, headers, indented JSON) to OUT
    python peers.py make-json PATH SIZE       writes a JSON document of about SIZE bytes (a list of records)
    python peers.py make-text PATH SIZE       writes about SIZE bytes of log-like text lines
    python peers.py body SIZE                 Werkzeug's client reading a SIZE-byte streamed response (.data)
    python peers.py request-body SIZE         Werkzeug's client posting a SIZE-byte body the app reads

Per-request figures are the median over ROUNDS of (time of BATCH requests / BATCH).
"""

import io
import json
import os
import resource
import statistics
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import apps  # noqa: E402


def per_request(rounds, batch, run_one):
    """The median and the fastest round, in microseconds per request."""
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(batch):
            run_one()
        samples.append((time.perf_counter() - start) / batch * 1e6)
    return {"median_us": statistics.median(samples), "min_us": min(samples)}


def werkzeug_client(app):
    from werkzeug.test import Client

    client = Client(app)

    def run_one():
        response = client.get("/")
        assert response.status_code == 200 and response.data == b"ok"

    return run_one


def load_app(spec):
    """`module:name` from the peers' folder, as gwsh's `python:module:name` loads it."""
    import importlib

    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def client_get(app, path):
    from werkzeug.test import Client

    client = Client(app)

    def run_one():
        response = client.get(path)
        assert response.status_code == 200 and response.data

    return run_one


def direct_app_call(app, path):
    """The app called with an environ built once (by Werkzeug's EnvironBuilder) and
    copied for each call, as the app may add keys: the cost of the app itself."""
    from werkzeug.test import EnvironBuilder

    builder = EnvironBuilder(path=path)
    base = builder.get_environ()
    builder.close()
    seen = []

    def start_response(status, headers, exc_info=None):
        seen.append(status)

    def run_one():
        environ = dict(base)
        environ["wsgi.input"] = io.BytesIO()
        body = app(environ, start_response)
        b"".join(body)
        if hasattr(body, "close"):
            body.close()
        assert seen.pop() == "200 OK"

    return run_one


def print_loop(count, app, out_path):
    """What a script printing each response would do: status, headers, the JSON indented."""
    from werkzeug.test import Client

    client = Client(app)
    with open(out_path, "w") as out:
        for _ in range(count):
            response = client.get("/")
            print(response.status, file=out)
            for name, value in response.headers.items():
                print(f"{name}: {value}", file=out)
            print(file=out)
            print(json.dumps(json.loads(response.data), indent=2), file=out)


def make_json(path, size):
    record = {
        "id": 0, "name": "widget", "price": 12.5, "in_stock": True, "tags": ["a", "b", "c"],
        "description": "A widget with a \"quoted\" name, caf\u00e9 and a tab\there.",
        "dimensions": {"width": 10, "height": 2.5, "unit": "cm"},
    }
    records = []
    written = 0
    number = 0
    while written < size:
        record = dict(record, id=number)
        records.append(record)
        written += len(json.dumps(record, separators=(",", ":"))) + 1
        number += 1
    with open(path, "w") as file:
        json.dump({"count": len(records), "items": records}, file, separators=(",", ":"))


def make_text(path, size):
    with open(path, "w") as file:
        written = 0
        number = 0
        while written < size:
            line = f"2026-12-06T23:00:{number % 60:02d}Z INFO request {number} GET /items?limit={number % 100} 200 {number % 977} bytes\n"
            file.write(line)
            written += len(line)
            number += 1


def flask_app():
    from flask import Flask

    app = Flask("bench")

    @app.route("/")
    def index():
        return "ok"

    return app


def wsgiref_handler():
    from wsgiref.handlers import SimpleHandler
    from wsgiref.util import setup_testing_defaults

    base = {}
    setup_testing_defaults(base)
    base.pop("wsgi.input", None)
    base.pop("wsgi.errors", None)

    def run_one():
        out = io.BytesIO()
        handler = SimpleHandler(io.BytesIO(), out, io.StringIO(), dict(base))
        handler.run(apps.trivial)
        assert out.getvalue().startswith(b"HTTP/1.0 200 OK") or out.getvalue().startswith(b"HTTP/1.1 200 OK")

    return run_one


def direct_call():
    from wsgiref.util import setup_testing_defaults

    environ = {}
    setup_testing_defaults(environ)
    seen = []

    def start_response(status, headers, exc_info=None):
        seen.append(status)

    def run_one():
        body = apps.trivial(environ, start_response)
        b"".join(body)
        seen.clear()

    return run_one


# The bare floor of a bridge: one process sends an environ of the size gwsh sends
# (about 20 entries, NUL-separated), the worker splits it into a dict, calls the
# app and sends back the status, headers and body in one frame. No validation,
# no trace, no streaming: what any pipe bridge pays at least.
_WORKER = r"""
import os, struct, sys
sys.path.insert(0, sys.argv[1])
import apps
HEAD = struct.Struct("<I")
reader = os.fdopen(0, "rb", buffering=1 << 16)
def start_response(status, headers, exc_info=None):
    global answer
    answer = [status.encode()] + [(n + ": " + v).encode() for n, v in headers]
while True:
    head = reader.read(4)
    if len(head) < 4:
        break
    (n,) = HEAD.unpack(head)
    parts = reader.read(n).decode("utf-8", "surrogatepass").split("\0")
    environ = dict(zip(parts[0::2], parts[1::2]))
    body = b"".join(apps.trivial(environ, start_response))
    payload = b"\0".join(answer) + b"\0\0" + body
    os.write(1, HEAD.pack(len(payload)) + payload)
"""


def pipe_worker():
    import subprocess

    from wsgiref.util import setup_testing_defaults

    environ = {}
    setup_testing_defaults(environ)
    text = "\0".join(f"{k}\0{v}" for k, v in environ.items() if isinstance(v, str)).encode()
    frame = struct.pack("<I", len(text)) + text
    worker = subprocess.Popen(
        [sys.executable, "-c", _WORKER, os.path.dirname(os.path.abspath(__file__))],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
    to_worker, from_worker = worker.stdin.fileno(), worker.stdout.fileno()

    def read_exact(count):
        data = b""
        while len(data) < count:
            piece = os.read(from_worker, count - len(data))
            if not piece:
                raise EOFError
            data += piece
        return data

    def run_one():
        os.write(to_worker, frame)
        (n,) = struct.unpack("<I", read_exact(4))
        assert read_exact(n).endswith(b"ok")

    return run_one, worker


def spawn(program):
    def run_one():
        read_end, write_end = os.pipe()
        actions = [(os.POSIX_SPAWN_DUP2, write_end, 1), (os.POSIX_SPAWN_CLOSE, read_end)]
        pid = os.posix_spawn(program, [program], {"PATH": "/usr/bin:/bin"}, file_actions=actions)
        os.close(write_end)
        while os.read(read_end, 65536):
            pass
        os.close(read_end)
        os.waitpid(pid, 0)

    return run_one


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv):
    kind = argv[1]
    if kind in ("werkzeug", "flask", "wsgiref", "direct", "pipe", "spawn"):
        rounds, batch = int(argv[2]), int(argv[3])
        worker = None
        if kind == "werkzeug":
            run_one = werkzeug_client(apps.trivial)
        elif kind == "flask":
            run_one = werkzeug_client(flask_app())
        elif kind == "wsgiref":
            run_one = wsgiref_handler()
        elif kind == "direct":
            run_one = direct_call()
        elif kind == "pipe":
            run_one, worker = pipe_worker()
        else:
            run_one = spawn(argv[4])
        for _ in range(min(batch, 200)):
            run_one()
        result = per_request(rounds, batch, run_one)
        if worker is not None:
            worker.stdin.close()
            worker.wait()
    elif kind in ("client", "call"):
        rounds, batch, app, path = int(argv[2]), int(argv[3]), load_app(argv[4]), argv[5]
        run_one = client_get(app, path) if kind == "client" else direct_app_call(app, path)
        for _ in range(min(batch, 200)):
            run_one()
        result = per_request(rounds, batch, run_one)
    elif kind == "print-loop":
        count = int(argv[2])
        start = time.perf_counter()
        print_loop(count, load_app(argv[3]), argv[4])
        result = {"seconds": time.perf_counter() - start, "requests": count, "peak_rss_mib": peak_rss_mib()}
    elif kind in ("make-json", "make-text"):
        (make_json if kind == "make-json" else make_text)(argv[2], int(argv[3]))
        result = {"bytes": os.path.getsize(argv[2])}
    elif kind == "session":
        count = int(argv[2])
        if len(argv) > 3:
            app = load_app(argv[3])

            def run_one(client=__import__("werkzeug.test", fromlist=["Client"]).Client(app)):
                response = client.get("/")
                assert response.status_code == 200 and response.data
        else:
            run_one = werkzeug_client(apps.trivial)
        start = time.perf_counter()
        cpu_start = time.process_time()
        for _ in range(count):
            run_one()
        result = {
            "seconds": time.perf_counter() - start,
            "cpu_seconds": time.process_time() - cpu_start,
            "requests": count,
        }
    elif kind == "body":
        from werkzeug.test import Client

        size = int(argv[2])
        start = time.perf_counter()
        response = Client(apps.big_response).get("/", query_string=str(size))
        assert len(response.data) == size
        result = {"seconds": time.perf_counter() - start, "bytes": size, "peak_rss_mib": peak_rss_mib()}
    elif kind == "request-body":
        from werkzeug.test import Client

        size = int(argv[2])
        start = time.perf_counter()
        response = Client(apps.big_request).post("/", data=bytes(size))
        assert int(response.data) == size
        result = {"seconds": time.perf_counter() - start, "bytes": size, "peak_rss_mib": peak_rss_mib()}
    else:
        raise SystemExit(f"unknown peer {kind!r}; see the docstring")
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv)
