"""WSGI apps the benchmarks run, the same code under gwsh's bridge and under the Python peers."""

_OK = [b"ok"]
_BLOCK = b"\0" * (1 << 20)


def trivial(environ, start_response):
    """The smallest honest app: a status, two headers, two bytes."""
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
    return _OK


def big_response(environ, start_response):
    """Streams QUERY_STRING bytes of zeros in 1 MiB chunks, never holding more than one."""
    size = int(environ.get("QUERY_STRING") or 0)
    start_response("200 OK", [("Content-Type", "application/octet-stream"), ("Content-Length", str(size))])

    def chunks():
        left = size
        while left >= len(_BLOCK):
            yield _BLOCK
            left -= len(_BLOCK)
        if left:
            yield _BLOCK[:left]

    return chunks()


def big_request(environ, start_response):
    """Reads the whole request body in 1 MiB reads and answers how many bytes came."""
    stream = environ["wsgi.input"]
    length = int(environ.get("CONTENT_LENGTH") or 0)
    total = 0
    while total < length:
        chunk = stream.read(min(1 << 20, length - total))
        if not chunk:
            break
        total += len(chunk)
    body = str(total).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]


def echo(environ, start_response):
    """The twin of gwsh's built-in `echo` app: a JSON document of the string environ
    entries, the `wsgi.*` flags and version, and the body read, indented by two."""
    import json

    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length > 0 else b""
    document = {
        "environ": {key: value for key, value in environ.items() if isinstance(value, str)},
        "wsgi": {
            key: (list(value) if isinstance(value, tuple) else value)
            for key, value in environ.items()
            if key.startswith("wsgi.") and isinstance(value, (bool, tuple))
        },
    }
    try:
        document["body"] = body.decode("utf-8")
    except UnicodeDecodeError:
        document["body_hex"] = body.hex()
    document["body_length"] = len(body)
    data = (json.dumps(document, indent=2) + "\n").encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


def file_body(environ, start_response):
    """Answers with the file named by QUERY_STRING as one chunk: JSON for `.json`, text otherwise."""
    path = environ.get("QUERY_STRING") or ""
    with open(path, "rb") as file:
        data = file.read()
    kind = "application/json" if path.endswith(".json") else "text/plain; charset=utf-8"
    start_response("200 OK", [("Content-Type", kind), ("Content-Length", str(len(data)))])
    return [data]
