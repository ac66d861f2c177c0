#!/usr/bin/env bash
# Writes the seed corpora in Fuzz/corpus/ from the repository's own inputs: the example sessions,
# documented session lines, real CGI programs' output (the example hello.cgi, git's http-backend
# and gwsh serving its demo app as a CGI program), frames as the Python worker writes them, and
# the JSON bodies and paths of the docs and tests. Run it again after adding inputs; the fuzzer
# keeps what it finds under .build-fuzz/corpus/, not here.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=Fuzz/corpus
# Regression inputs (regression-*, each a failure once found) are kept; everything else is made again.
find "$corpus" -type f ! -name 'regression-*' -delete 2>/dev/null || true
mkdir -p "$corpus"/{session,cgi-head,worker-frames,json,jsonpath,import}

# --- session: the example sessions, and each documented form of a line ---
for file in $(find sessions -name '*.gws'); do cp "$file" "$corpus/session/$(echo "${file#sessions/}" | tr / -)"; done
# The fenced examples of docs/session-format.md, one file per block.
awk -v dir="$corpus/session" '/^```$/ { if (open) { close(out); open = 0 } else { n++; out = sprintf("%s/doc-%02d.gws", dir, n); open = 1 }; next } open { print > out }' docs/session-format.md
printf 'body <<END\nline {{x}}\n  END  \nPOST /a\nbody chomp <<'"'"'E_1'"'"'\n{{kept}}\nE_1\nexpect body base64 <<END\naGk=\nEND\n' >"$corpus/session/here-documents.gws"
printf 'source login.gws\nsource self.gws\n' >"$corpus/session/source-self.gws"
printf 'source a.gws\n' >"$corpus/session/source-cycle.gws"
printf 'load demo\r\nGET /\r\nexpect status 200\r\n' >"$corpus/session/crlf.gws"
printf 'load demo\nheader X: \xff\xfe\nbody \xc3\x28 caf\xc3\xa9\nexpect errors "a\\u0000b"\n' >"$corpus/session/invalid-utf8.gws"
printf 'POST /items <<END\nGET /\nEND\n' >"$corpus/session/request-with-body.gws"

# --- cgi-head: a control byte (bit 7: nph-, bits 0-6: read size - 1), then a program's output ---
cgi() { # name control-byte command...
  local name=$1 control=$2
  shift 2
  { printf "\\x$control"; "$@" </dev/null 2>/dev/null | head -c 1500 || true; } >"$corpus/cgi-head/$name"
}
export GATEWAY_INTERFACE=CGI/1.1 SERVER_PROTOCOL=HTTP/1.1 SERVER_NAME=localhost SERVER_PORT=80 REMOTE_ADDR=127.0.0.1
REQUEST_METHOD=GET PATH_INFO=/x QUERY_STRING=a=1 SCRIPT_NAME=/hello.cgi cgi hello 00 sh sessions/loaders/apps/hello.cgi
REQUEST_METHOD=GET PATH_INFO=/x QUERY_STRING= SCRIPT_NAME=/hello.cgi cgi hello-whole 7f sh sessions/loaders/apps/hello.cgi
if [ -x /usr/lib/git-core/git-http-backend ]; then
  repository=$(mktemp -d)
  git init -q --bare "$repository/r.git"
  GIT_PROJECT_ROOT=$repository GIT_HTTP_EXPORT_ALL=1 REQUEST_METHOD=GET PATH_INFO=/r.git/info/refs \
    QUERY_STRING=service=git-upload-pack cgi git-info-refs 05 /usr/lib/git-core/git-http-backend
  GIT_PROJECT_ROOT=$repository REQUEST_METHOD=GET PATH_INFO=/r.git/nothing QUERY_STRING= \
    cgi git-not-found 10 /usr/lib/git-core/git-http-backend
  GIT_PROJECT_ROOT=$repository REQUEST_METHOD=PUT PATH_INFO=/r.git/info/refs QUERY_STRING= \
    cgi git-bad-method 02 /usr/lib/git-core/git-http-backend
  rm -rf "$repository"
fi
gwsh=$(find .build -path '*/debug/gwsh' -type f 2>/dev/null | head -n 1)
if [ -n "$gwsh" ]; then
  for path in / /api/items /old-items /login /nope /fail; do
    name=gwsh-demo$(echo "$path" | tr / -)
    REQUEST_METHOD=GET PATH_INFO=$path QUERY_STRING= SCRIPT_NAME= cgi "$name" 03 "$gwsh" cgi demo
  done
fi
printf '\x00Location: /elsewhere\n\n' >"$corpus/cgi-head/local-redirect"
printf '\x01Location: http://example.org/\nStatus: 301 Moved\n\n' >"$corpus/cgi-head/client-redirect"
printf '\x7fStatus: 204\r\nX-A:  spaced \t\r\n\r\nbody' >"$corpus/cgi-head/status-only-code"
printf '\x80HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nnph body' >"$corpus/cgi-head/nph"
printf '\x00Content-Type: text/plain\nthis is not a header\n\nbody' >"$corpus/cgi-head/bad-line"
printf '\x00Content-Type: text/plain\nstatus: 200 OK\nSTATUS: 201 Created\n\n' >"$corpus/cgi-head/twice-status"

# --- worker-frames: a write-size byte, then frames: u32 little-endian length, a type byte, the payload ---
python3 - "$corpus/worker-frames" <<'PY'
import struct, sys
folder = sys.argv[1]
def frame(kind, payload): return struct.pack("<I", len(payload)) + kind.encode() + payload
def text(value): data = value.encode(); return struct.pack("<I", len(data)) + data
def start(status, headers, exc=b"", fields=True):
    head = struct.pack("<qII", 1234, len(exc), len(headers)) + exc
    if fields:
        return frame("S", head + b"\0".join([status.encode()] + [p.encode() for h in headers for p in h]) + b"\0")
    return frame("s", head + text(status) + b"".join(text(n) + text(v) for n, v in headers))
streams = {
    "ready-request": frame("K", b"\1") + start("200 OK", [("Content-Type", "text/plain"), ("X-A", "1")])
        + frame("Y", b"hello\n") + frame("w", b"written") + frame("R", b"") + frame("C", b"") + frame("Z", b""),
    "length-prefixed-start": frame("s", b"") [:0] + start("404 Not Found", [("A", "b\0c")], exc=b"tb", fields=False)
        + frame("Z", b""),
    "errors-and-input": frame("E", b"\0oops\n") + frame("E", b"\3") + frame("I", b"\0" + struct.pack("<q", 10))
        + frame("I", b"\1" + struct.pack("<q", -2**63)) + frame("I", b"\3" + struct.pack("<q", 0)),
    "exception": frame("X", b"\1" + text("ValueError: x") + b"Traceback ...") + frame("V", text("status.format") + b"bad"),
    "import-failed": frame("F", b"Traceback (most recent call last):\n  ModuleNotFoundError\n"),
    "stray-output": frame("O", b"print() from the app\n") + frame("M", struct.pack("<II", 0, 16)),
    "large-announced": struct.pack("<I", 70000) + b"Y" + b"x" * 100,
    "unknown-type": frame("Q", b"??") + frame("Z", b""),
}
for index, (name, data) in enumerate(streams.items()):
    with open(f"{folder}/{name}", "wb") as out:
        out.write(bytes([index * 37 % 256]) + data)
PY

# --- json: bodies as apps send them, from the docs and the tests ---
i=0
while IFS= read -r document; do
  i=$((i + 1))
  printf '%s' "$document" >"$corpus/json/doc-$i.json"
done <<'EOF_JSON'
{"zeta":1.50,"alpha":[true,null,{"b":"x\ny"}],"e":2E3,"empty":{}}
{"a":[1,-2.5e3,true,null,"x\"y\\"],"b":{"c":false,"d":{}},"e":[]}
"tab\t \u00e9 \ud83d\ude00 \/"
{"count": 2, "items": [{"id": 1, "name": "teapot"}, {"id": 2, "name": "kettle"}]}
[0, -0, 1e-7, 123456789012345678901234567890, 0.1E+2]
{"a": 1,
  }
"\ud800"
[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
EOF_JSON
printf '{\n  "user": "alice",\n  "ok": true\n}\n' >"$corpus/json/pretty.json"

# --- jsonpath: a path, a line feed, a document ---
i=0
while IFS= read -r path; do
  i=$((i + 1))
  printf '%s\n{"items":[{"id":1,"name":"teapot","tags":["a","b"]}],"a b":{"c":null},"user":"alice","$x":-1}' "$path" \
    >"$corpus/jsonpath/path-$i"
done <<'EOF_PATHS'
$
$.user
$.items[0].name
$.items[-1].tags[1]
$['a b'].c
$["a b"]['c']
$.$x
$.items[x]
$.
$[
$['open
$[-0]
$.é[99999999999999999999]
EOF_PATHS
# --- import: a format byte (0 curl, 1 .http, 2 HAR), then the file: the import tests' own files ---
python3 - "$corpus/import" <<'EOF_IMPORT'
import sys
folder = sys.argv[1]
source = open("Tests/SessionTests/ImportTests.swift").read()


def literal(opening, closing):
    """A Swift multi-line string literal of the tests, its indentation taken off."""
    start = source.index(opening) + len(opening)
    lines = source[start:source.index(closing, start)].split("\n")[1:]
    return "\n".join(line[6:] if line.startswith("      ") else line.strip() for line in lines).rstrip(" ")


seeds = {
    "har-two-entries": b"\x02" + literal('let har = #"""', '"""#').encode(),
    "http-four-requests": b"\x01" + literal('let http = """', '      """').encode(),
    "curl-continued-and-bogus": b"\x00# from the report\ncurl 'http://h/a' \\\n  -H 'X-A: 1'\ncurl --bogus http://h/\n",
    "curl-data-and-form": b"\x00curl -X POST http://localhost/items -H 'Content-Type: application/json' -d '{\"a\": \"END\"}'\n"
    + b"curl http://h/up -F 'f=@body.txt' --data-urlencode 'q=caf\xc3\xa9'\ncurl -u user:pw --compressed 'http://h/x?y=1&z={{v}}'\n",
    "http-variables-crlf": b"\x01@base = http://h\r\nGET {{base}}/a\r\nX-A: 1\r\n\r\n###\r\nPOST {{base}}/b\r\n\r\nline\r\nEND\r\n",
    "har-not-json": b'\x02{"log": {"entries": [ {"request": {"method": "GET", "url": "http://h/"}}, nope ]}}',
}
for name, data in seeds.items():
    with open(folder + "/" + name, "wb") as file:
        file.write(data)
EOF_IMPORT
du -sh "$corpus"
