#!/usr/bin/env bash
# Kills gwsh with SIGKILL at random moments, many times: Tests/GatewayShellTests/KillTests.swift
# with N rounds of each moment (a spill, the journal, a Python dispatch, a CGI dispatch) instead
# of the 3 `swift test` runs. The test build must exist (`swift build --build-tests`).
#
#   bash Soak/kill.sh [--rounds N]     (default 100: 400 kills)
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=100
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --rounds=*) rounds="${1#--rounds=}"; shift ;;
    -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "kill.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$rounds" in ''|*[!0-9]*|0) echo "kill.sh: --rounds takes a positive whole number" >&2; exit 2 ;; esac
GWSH_KILL_ROUNDS="$rounds" exec swift test --skip-build --filter KillTests
