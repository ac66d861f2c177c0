#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/Targets and runs each one for N seconds, one after another.
#
#   bash Fuzz/run.sh --seconds N [TARGET...]   fuzz every target (or the named ones) N seconds each
#   bash Fuzz/run.sh --build-only              build the targets and stop
#   bash Fuzz/run.sh --replay [TARGET...]      run each target once over its seed corpus, no fuzzing
#   --timeout S                                one input running S seconds is a hang (default 10); it is
#                                              wall time, so under nice on a busy machine give more (120)
#
# Exits non-zero when a target crashed, broke one of its properties, hung or ran out of memory;
# the input that did it is kept under .build-fuzz/crashes/TARGET/ and the command to reproduce it is printed.
# Everything built or found goes under .build-fuzz/; the seed corpora in Fuzz/corpus/ are only read.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
timeout=10
mode=fuzz
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --seconds=*) seconds="${1#--seconds=}"; shift ;;
    --timeout) timeout="$2"; shift 2 ;;
    --timeout=*) timeout="${1#--timeout=}"; shift ;;
    --build-only) mode=build; shift ;;
    --replay) mode=replay; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
case "$seconds$timeout" in ''|*[!0-9]*) echo "run.sh: --seconds and --timeout take whole numbers" >&2; exit 2 ;; esac

all_targets=(session cgi-head worker-frames json jsonpath import)
if [ ${#targets[@]} -eq 0 ]; then targets=("${all_targets[@]}"); fi

# The modules each target's harness imports (their own imports are followed from their sources).
target_modules() {
  case "$1" in
    session | import) echo Session ;;
    cgi-head | worker-frames) echo AppLoaders ;;
    json | jsonpath) echo JSON ;;
    *) echo "run.sh: no target named $1 (targets: ${all_targets[*]})" >&2; return 1 ;;
  esac
}

out=.build-fuzz
mkdir -p "$out/modules" "$out/bin"
# Release optimisation keeps the executions per second up; -enable-testing lets a harness reach internal parsers.
flags=(-parse-as-library -sanitize=fuzzer,address -O -enable-testing -package-name gwsh -use-ld=lld)
# The system libraries' module maps (zlib, Brotli, readline), for the modules that import them.
for map in Sources/*/module.modulemap Sources/*/include/module.modulemap; do flags+=(-I "$(dirname "$map")"); done
# swift-system's C module, which its Swift module needs beside it.
flags+=(-I .build/checkouts/swift-system/Sources/CSystem/include)
built=()

# The Sources/ modules a module imports, from its own files, so a dependency added in Package.swift needs nothing here.
module_imports() {
  find "Sources/$1" -name '*.swift' -exec sed -n 's/^@*[a-z_]* *import \([A-Za-z_]*\).*/\1/p; s/^import \([A-Za-z_]*\).*/\1/p' {} + |
    sort -u | while read -r name; do
      if [ "$name" = SystemPackage ]; then echo "$name"; fi
      if [ "$name" != "$1" ] && [ -d "Sources/$name" ] && [ ! -f "Sources/$name/module.modulemap" ] &&
        [ ! -f "Sources/$name/include/module.modulemap" ]; then echo "$name"; fi
    done
}

# Builds a module (after the ones it imports) as a static library with its .swiftmodule, unless it is up to date:
# every source file older than the library, the same list of files, and no dependency rebuilt since.
# swift-system, which the platform layer uses: built from SwiftPM's checkout with the
# settings its manifest gives (the availability names its sources use, on every platform).
build_system_package() {
  local checkout=.build/checkouts/swift-system library="$out/modules/libSystemPackage.a" macros=() version
  if [ ! -d "$checkout" ]; then swift package resolve >/dev/null; fi
  if [ -f "$library" ] && [ -z "$(find "$checkout/Sources/System" -name '*.swift' -newer "$library" | head -n 1)" ]; then
    return 0
  fi
  for version in $(grep -oE 'Available\("[0-9.]+"' "$checkout/Package.swift" | grep -oE '[0-9.]+'); do
    macros+=(-enable-experimental-feature "AvailabilityMacro=System $version:macOS 10.10, iOS 8.0, watchOS 2.0, tvOS 9.0, visionOS 1.0")
  done
  echo "fuzz: building module SystemPackage (swift-system)"
  # shellcheck disable=SC2046 # file names without spaces
  swiftc -parse-as-library -O -wmo -module-name SystemPackage -package-name swift_system -D SYSTEM_PACKAGE \
    -enable-experimental-feature Lifetimes "${macros[@]}" -I "$checkout/Sources/CSystem/include" \
    -emit-module -emit-module-path "$out/modules/SystemPackage.swiftmodule" \
    -emit-library -static -o "$library" $(find "$checkout/Sources/System" -name '*.swift' | sort)
  clang -c -O2 -I "$checkout/Sources/CSystem/include" "$checkout/Sources/CSystem/shims.c" -o "$out/modules/CSystem.o"
  ar rcs "$out/modules/libCSystem.a" "$out/modules/CSystem.o"
}

# The platform layer's C shims, linked into every target.
build_c_shims() {
  local library="$out/modules/libCSystemShims.a"
  if [ -f "$library" ] && [ -z "$(find Sources/CSystemShims -newer "$library" | head -n 1)" ]; then return 0; fi
  echo "fuzz: building the C shims"
  clang -c -O2 -I Sources/CSystemShims/include Sources/CSystemShims/shims.c -o "$out/modules/CSystemShims.o"
  ar rcs "$library" "$out/modules/CSystemShims.o"
}

build_module() {
  local module=$1 dependency dependencies
  case " ${built[*]-} " in *" $module "*) return 0 ;; esac
  if [ "$module" = SystemPackage ]; then
    build_system_package
    build_c_shims
    built+=("$module")
    return 0
  fi
  dependencies=$(module_imports "$module")
  for dependency in $dependencies; do build_module "$dependency"; done
  local library="$out/modules/lib$module.a" list="$out/modules/$module.files"
  local files stale=""
  # A file that needs a SwiftPM package (swift-crypto) is replaced by its stand-in in Fuzz/StandIns/MODULE/.
  local standins="Fuzz/StandIns/$module"
  files=$(find "Sources/$module" -name '*.swift' | sort | while read -r file; do
    if [ -f "$standins/$(basename "$file")" ]; then echo "$standins/$(basename "$file")"; else echo "$file"; fi
  done)
  # A resource SwiftPM embeds in code (`.embedInCode`) is reached through a type it generates: the fuzz
  # targets never read one, so an empty stand-in of each name the sources use is enough.
  local names resources="$out/modules/$module-resources.swift"
  names=$(grep -rhoE 'PackageResources\.[A-Za-z0-9_]+' "Sources/$module" --include='*.swift' | sed 's/.*\.//' | sort -u || true)
  if [ -n "$names" ]; then
    {
      echo "// Empty stand-ins for SwiftPM's embedded resources, written by Fuzz/run.sh."
      echo "enum PackageResources {"
      for name in $names; do echo "  static let $name: [UInt8] = []"; done
      echo "}"
    } >"$resources"
    files="$files"$'\n'"$resources"
  fi
  for dependency in $dependencies; do
    if [ "$out/modules/lib$dependency.a" -nt "$library" ]; then stale=yes; fi
  done
  if [ -z "$stale" ] && [ -f "$library" ] && [ "$files" = "$(cat "$list" 2>/dev/null)" ] &&
    [ -z "$(find "Sources/$module" "$standins" -name '*.swift' -newer "$library" 2>/dev/null | head -n 1)" ]; then
    built+=("$module")
    return 0
  fi
  echo "fuzz: building module $module"
  # shellcheck disable=SC2086
  swiftc "${flags[@]}" -wmo -module-name "$module" -I "$out/modules" \
    -emit-module -emit-module-path "$out/modules/$module.swiftmodule" \
    -emit-library -static -o "$library" $files
  echo "$files" >"$list"
  built+=("$module")
}

build_target() {
  local target=$1 harness="Fuzz/Targets/$1.swift" binary="$out/bin/fuzz-$1" module libraries=()
  for module in $(target_modules "$target"); do build_module "$module"; done
  for library in "$out"/modules/lib*.a; do libraries+=("$library"); done
  if [ -x "$binary" ] && [ -z "$(find "$harness" Fuzz/Targets/Support -newer "$binary" | head -n 1)" ] &&
    [ -z "$(find "$out/modules" -name 'lib*.a' -newer "$binary" | head -n 1)" ]; then
    return 0
  fi
  echo "fuzz: building target $target"
  swiftc "${flags[@]}" -module-name "Fuzz_${target//-/_}" -I "$out/modules" \
    "$harness" Fuzz/Targets/Support/*.swift "${libraries[@]}" -o "$binary"
}

for target in "${targets[@]}"; do build_target "$target"; done
[ "$mode" = build ] && exit 0

failed=0
summary=()
for target in "${targets[@]}"; do
  binary="$out/bin/fuzz-$target"
  seeds="Fuzz/corpus/$target"
  corpus="$out/corpus/$target"
  crashes="$out/crashes/$target/"
  log="$out/logs/$target.log"
  mkdir -p "$corpus" "$crashes" "$(dirname "$log")" "$seeds"
  # -timeout: one input taking 10 s is a hang; -malloc_limit_mb: one allocation past 512 MB is memory without bound.
  options=("-timeout=$timeout" -rss_limit_mb=2048 -malloc_limit_mb=512 -print_final_stats=1 "-artifact_prefix=$crashes")
  if [ "$mode" = replay ]; then
    echo "fuzz: $target: replaying $(find "$seeds" -type f | wc -l) seed inputs"
    set +e
    "$binary" "${options[@]}" -runs=0 "$seeds" >"$log" 2>&1
    status=$?
    set -e
  else
    echo "fuzz: $target: $seconds s"
    set +e
    # New inputs go to the first folder (under .build-fuzz), the seeds are only read.
    # The CPU time the fuzzer got (user + system), read back from bash's `time`: on a shared machine, with
    # nice, it is less than the seconds asked for, and it is the figure the docs count.
    TIMEFORMAT='%U %S'
    { time "$binary" "${options[@]}" -max_total_time="$seconds" "$corpus" "$seeds" >"$log" 2>&1; } 2>"$log.cpu"
    status=$?
    set -e
    cpu=$(awk '{ printf "%.0f", $1 + $2 }' "$log.cpu")
  fi
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  corpus_files=$(find "$corpus" "$seeds" -type f | wc -l)
  corpus_size=$(find "$corpus" "$seeds" -type f -printf '%s\n' | awk '{ total += $1 } END { printf "%d", (total + 1023) / 1024 }')
  if [ "$status" -eq 0 ]; then
    outcome="ok"
  else
    failed=1
    artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
    outcome="FAILED (exit $status): $(grep -m 1 -E 'property failed|ERROR: (AddressSanitizer|libFuzzer)|Fatal error|deadly signal' "$log" || echo 'see the log')"
    sed -n '/property failed\|ERROR: \|Fatal error/,+12p' "$log" | head -n 30
    echo "  log: $log"
    if [ -n "$artifact" ]; then echo "  input: $artifact (reproduce: $binary $artifact)"; fi
  fi
  line="$target: ${executions:-0} executions in ${seconds} s (${cpu:-0} CPU s), corpus $corpus_files inputs (${corpus_size} KB), $outcome"
  [ "$mode" = replay ] && line="$target: seeds replayed, $outcome"
  echo "fuzz: $line"
  summary+=("$line")
done

echo "fuzz: summary"
printf '  %s\n' "${summary[@]}"
exit "$failed"
