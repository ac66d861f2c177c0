#!/usr/bin/env bash
# Soaks gwsh: many requests through each kind of app (the built-in echo app, a CGI
# program, a Python WSGI app), in `gwsh run FILE` and in pipe mode (`gwsh < FILE`),
# with the release build. Prints a table and exits non-zero on a leak.
#
#   bash Soak/run.sh [--requests N] [--cgi-requests N] [--kinds native,cgi,python] [--modes run,pipe]
#                    [--big-every N] [--keep] [--gwsh PATH]
#
#   --requests N       requests in each case (default 1000000)
#   --cgi-requests N   requests in the CGI cases (default: --requests); a CGI request spawns a process
#   --big-every N      one request in N sends a 2 MiB body the app sends back, so it spills (default 5000)
#   --gwsh PATH        soak this executable instead of building `swift build -c release`
#   --keep             keep each case's folder (session file, stderr, state folder) even when it passed
#
# Each case checks, after each tenth of its requests, gwsh's resident memory, its open
# descriptors (/proc/PID/fd), the processes below it and the bodies folder; after it ends,
# the processes it left (the soak is their subreaper) and the files left under its state
# folder and TMPDIR (only the journal may stay). A leak is: descriptors or children at the
# end that were not there at the first tenth; memory grown, from the second tenth to the
# end, by more than 8 MiB and more than 32 bytes a request; a process or a file left; or
# gwsh failing. Soak/soak.py does the work; docs/robustness.md has the last figures.
set -euo pipefail
cd "$(dirname "$0")/.."

gwsh=""
pass=()
while [ $# -gt 0 ]; do
  case "$1" in
    --gwsh) gwsh="$2"; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) pass+=("$1"); shift ;;
  esac
done

if [ -z "$gwsh" ]; then
  swift build -c release --product gwsh >&2
  gwsh="$(swift build -c release --show-bin-path)/gwsh"
fi
exec python3 Soak/soak.py --gwsh "$gwsh" "${pass[@]}"
