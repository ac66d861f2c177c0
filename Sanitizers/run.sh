#!/usr/bin/env bash
# Builds the stress driver in Sanitizers/Stress with Thread Sanitizer and runs it: the concurrency
# gwsh builds by hand (watched dispatches and their threads, the alarm's clock thread, the condition
# lock) driven from several threads at once, a fast stand-in for a sanitized `swift build`.
#
#   bash Sanitizers/run.sh [--seconds N]   build, show that a race on purpose is reported, then
#                                          stress for N seconds (default 30)
#   bash Sanitizers/run.sh --build-only    build and stop
#
# Exits non-zero when Thread Sanitizer reports anything, when one of the driver's checks fails, or
# when the race on purpose is not reported (then the sanitizer is not watching, and a clean run
# would mean nothing). Everything built goes under .build-sanitizers/thread/; the logs too.
#
# Built with plain `swiftc`, module by module from Sources/, as Fuzz/run.sh builds (its stand-in
# SHA-256 replaces swift-crypto), plus one stand-in of our own: Sanitizers/StandIns/Mutex.swift
# replaces `Synchronization.Mutex`, whose contended hand-over Thread Sanitizer cannot see
# (docs/robustness.md, "Sanitizers").
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=30
mode=run
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --seconds=*) seconds="${1#--seconds=}"; shift ;;
    --build-only) mode=build; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$seconds" in ''|*[!0-9]*) echo "run.sh: --seconds takes a whole number" >&2; exit 2 ;; esac

out=.build-sanitizers/thread
mkdir -p "$out/modules" "$out/logs"
# Optimised as a release build is (the scheduling a user's build has), with debug information so
# that a report names files and lines.
flags=(-parse-as-library -sanitize=thread -O -g -package-name gwsh -use-ld=lld -I "$out/modules"
  -I Sources/CSystemShims/include)

# swift-system's checkout: SwiftPM's, from whichever build folder has one.
checkout=$(ls -d .build/checkouts/swift-system .build*/checkouts/swift-system 2>/dev/null | head -n 1 || true)
if [ -z "$checkout" ]; then
  swift package resolve >/dev/null
  checkout=.build/checkouts/swift-system
fi
flags+=(-I "$checkout/Sources/CSystem/include")

# Whether `target` is missing or older than any of the files after it.
stale() {
  local target=$1 file
  shift
  [ -f "$target" ] || return 0
  for file in "$@"; do [ "$file" -nt "$target" ] && return 0; done
  return 1
}

# swift-system, with the settings its manifest gives (the availability names its sources use).
build_system_package() {
  local library="$out/modules/libSystemPackage.a" macros=() version sources
  mapfile -t sources < <(find "$checkout/Sources/System" -name '*.swift' | sort)
  stale "$library" "${sources[@]}" || return 0
  for version in $(grep -oE 'Available\("[0-9.]+"' "$checkout/Package.swift" | grep -oE '[0-9.]+'); do
    macros+=(-enable-experimental-feature "AvailabilityMacro=System $version:macOS 10.10, iOS 8.0, watchOS 2.0, tvOS 9.0, visionOS 1.0")
  done
  echo "sanitizers: building module SystemPackage (swift-system)"
  swiftc -parse-as-library -sanitize=thread -O -wmo -module-name SystemPackage -package-name swift_system \
    -D SYSTEM_PACKAGE -enable-experimental-feature Lifetimes "${macros[@]}" -I "$checkout/Sources/CSystem/include" \
    -emit-module -emit-module-path "$out/modules/SystemPackage.swiftmodule" \
    -emit-library -static -o "$library" "${sources[@]}"
  clang -c -O2 -fsanitize=thread -I "$checkout/Sources/CSystem/include" "$checkout/Sources/CSystem/shims.c" \
    -o "$out/modules/CSystem.o"
  ar rcs "$out/modules/libCSystem.a" "$out/modules/CSystem.o"
}

build_c_shims() {
  local library="$out/modules/libCSystemShims.a"
  stale "$library" Sources/CSystemShims/shims.c Sources/CSystemShims/include/* || return 0
  echo "sanitizers: building the C shims"
  clang -c -O2 -g -fsanitize=thread -I Sources/CSystemShims/include Sources/CSystemShims/shims.c \
    -o "$out/modules/CSystemShims.o"
  ar rcs "$library" "$out/modules/CSystemShims.o"
}

# A module from its Sources/ folder, a file with a stand-in in Fuzz/StandIns/MODULE/ replaced by it,
# and the Mutex stand-in added; rebuilt when a file or a module it imports changed.
build_module() {
  local module=$1 library="$out/modules/lib$1.a" file files=() inputs
  shift
  while read -r file; do
    if [ -f "Fuzz/StandIns/$module/$(basename "$file")" ]; then file="Fuzz/StandIns/$module/$(basename "$file")"; fi
    files+=("$file")
  done < <(find "Sources/$module" -name '*.swift' | sort)
  files+=(Sanitizers/StandIns/Mutex.swift)
  inputs=("${files[@]}")
  for file in "$@"; do inputs+=("$out/modules/lib$file.a"); done
  stale "$library" "${inputs[@]}" || return 0
  echo "sanitizers: building module $module"
  swiftc "${flags[@]}" -wmo -module-name "$module" \
    -emit-module -emit-module-path "$out/modules/$module.swiftmodule" \
    -emit-library -static -o "$library" "${files[@]}"
}

build_system_package
build_c_shims
build_module Platform SystemPackage
build_module Gateway Platform
driver="$out/stress"
mapfile -t driver_sources < <(find Sanitizers/Stress -name '*.swift' | sort)
if stale "$driver" "${driver_sources[@]}" Sanitizers/StandIns/Mutex.swift "$out"/modules/lib*.a; then
  echo "sanitizers: building the stress driver"
  swiftc "${flags[@]}" -module-name Stress "${driver_sources[@]}" Sanitizers/StandIns/Mutex.swift \
    "$out/modules/libGateway.a" "$out/modules/libPlatform.a" "$out/modules/libSystemPackage.a" \
    "$out/modules/libCSystem.a" "$out/modules/libCSystemShims.a" -o "$driver"
fi
[ "$mode" = build ] && exit 0

# A report is written to the log and exits 66 at the end; the run goes on after one, to show them all.
export TSAN_OPTIONS="exitcode=66 halt_on_error=0 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"

echo "sanitizers: a race on purpose, which must be reported"
set +e
"$driver" --race-on-purpose >"$out/logs/race-on-purpose.log" 2>&1
status=$?
set -e
if [ "$status" -ne 66 ] || ! grep -q 'WARNING: ThreadSanitizer' "$out/logs/race-on-purpose.log"; then
  cat "$out/logs/race-on-purpose.log"
  echo "sanitizers: FAILED: the race on purpose was not reported (exit $status): Thread Sanitizer is not watching"
  exit 1
fi

echo "sanitizers: stress, $seconds s"
set +e
"$driver" "$seconds" 2>&1 | tee "$out/logs/stress.log"
status=${PIPESTATUS[0]}
set -e
reports=$(grep -c 'WARNING: ThreadSanitizer' "$out/logs/stress.log" || true)
if [ "$status" -ne 0 ] || [ "$reports" -ne 0 ]; then
  echo "sanitizers: FAILED (exit $status, $reports Thread Sanitizer reports; log: $out/logs/stress.log)"
  exit 1
fi
echo "sanitizers: no Thread Sanitizer report, every check held"
