#!/usr/bin/env bash
# Runs gwsh's benchmark suite: gwsh and its peers (Werkzeug's test client,
# wsgiref, a bare pipe worker, a bare process spawn) side by side, in one run,
# printing a Markdown table of medians and ratios (see docs/performance.md).
#
#   bash Benchmarks/run.sh [--quick] [--body-size BYTES] [--session-requests N]
#
# Builds the suite and gwsh itself first: release mode, with the Swift runtime
# and Foundation linked statically and position-dependent, as an installed gwsh is (see README), in
# Benchmarks/.build or $GWSH_BENCH_SCRATCH, from this checkout's sources. The Python peers run through the real interpreter,
# not a version manager's shim, which would add its own start-up to every run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${GWSH_BENCH_PYTHON:-$(python3 -c 'import sys; print(sys.executable)')}"
"$python" -c 'import werkzeug, flask' 2>/dev/null || {
  echo "run.sh: the peers need Werkzeug and Flask: $python -m pip install Werkzeug Flask" >&2
  exit 2
}
scratch="${GWSH_BENCH_SCRATCH:-$root/Benchmarks/.build}"
# The suite depends on the checkout by path, and SwiftPM's saved build plan
# misses source files added or removed there since the last build ("missing
# inputs"); planning again costs a second or two.
rm -f "$scratch/release.yaml" "$scratch/release/description.json"
build=(swift build -c release --static-swift-stdlib -Xlinker -no-pie --package-path "$root/Benchmarks" --scratch-path "$scratch")
"${build[@]}" --product gwsh >&2
"${build[@]}" --product gwsh-bench >&2
bin="$("${build[@]}" --show-bin-path)"
# gwsh is timed as a user runs it, copied out of the build folder as README's
# install step does (the linker's own output starts about 1 ms slower here).
installed="$(mktemp -d)"
trap 'rm -rf "$installed"' EXIT
cp "$bin/gwsh" "$installed/gwsh"
"$bin/gwsh-bench" --gwsh "$installed/gwsh" --python "$python" --peers "$root/Benchmarks/peers" "$@"
