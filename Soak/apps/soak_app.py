"""The soak's WSGI app: a small answer naming the request, and the body it was
sent back, so a large body spills. Nothing is kept between requests."""


def app(environ, start_response):
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    head = ("%s %s?%s\n" % (environ["REQUEST_METHOD"], environ["PATH_INFO"], environ["QUERY_STRING"])).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(head) + len(body)))])
    return [head, body]
