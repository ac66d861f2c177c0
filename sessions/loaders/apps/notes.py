"""A small WSGI app with state, to show that the Python worker persists
between requests the way a real server's worker does."""
import json

NOTES = []


def app(environ, start_response):
    method = environ["REQUEST_METHOD"]
    path = environ.get("PATH_INFO", "/")
    if path != "/notes":
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"no such page\n"]
    if method == "POST":
        length = int(environ.get("CONTENT_LENGTH") or 0)
        text = environ["wsgi.input"].read(length).decode("utf-8")
        NOTES.append(text)
        environ["wsgi.errors"].write("notes: stored note %d\n" % len(NOTES))
        print("a stray print never corrupts the bridge")
        body = json.dumps({"id": len(NOTES), "text": text}).encode()
        start_response("201 Created", [("Content-Type", "application/json"), ("Location", "/notes")])
        return [body]
    body = json.dumps({"count": len(NOTES), "notes": NOTES}).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def leaky(environ, start_response):
    """Breaks the protocol the way Python apps do: a str where bytes belong."""
    start_response("200 OK", [("Content-Type", "text/plain")])
    return ["a str chunk\n"]
