#!/usr/bin/env bash
# Runs gwsh's benchmark suite: gwsh and its peers (Werkzeug's test client,
# wsgiref, a bare pipe worker, a bare process spawn) side by side, in one run,
# printing a Markdown table of medians and ratios (see docs/performance.md).
#
#   bash Benchmarks/run.sh [--quick] [--body-size BYTES] [--session-requests N]
#
# Builds the suite and gwsh itself (release mode, both in Benchmarks/.build,
# with gwsh's sources from this checkout) first. The Python peers run through the real interpreter,
# not a version manager's shim, which would add its own start-up to every run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${GWSH_BENCH_PYTHON:-$(python3 -c 'import sys; print(sys.executable)')}"
"$python" -c 'import werkzeug, flask' 2>/dev/null || {
  echo "run.sh: the peers need Werkzeug and Flask: $python -m pip install Werkzeug Flask" >&2
  exit 2
}
swift build -c release --package-path "$root/Benchmarks" --product gwsh >&2
swift build -c release --package-path "$root/Benchmarks" --product gwsh-bench >&2
bin="$(swift build -c release --package-path "$root/Benchmarks" --show-bin-path)"
exec "$bin/gwsh-bench" --gwsh "$bin/gwsh" --python "$python" --peers "$root/Benchmarks/peers" "$@"
