#!/usr/bin/env bash
# sanitizer-selftest.sh CANARY: the sanitizer run must fail on a defect. Runs the
# canary (tests/sanitizer/canary.cpp) once per defect, with the options that
# scripts/run-sanitized-tests.sh sets but the reports in a folder of its own (so
# the run's own sanitizer-logs stay empty), and checks that each defect is reported
# and stops the process with a failure.
set -euo pipefail
canary=${1:?usage: sanitizer-selftest.sh CANARY}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "sanitizer-selftest: $*" >&2; exit 1; }

# mode, where the report goes (log: ASan/LSan's log_path; stderr: UBSan), text it must hold
check() {
  local mode=$1 where=$2 text=$3 status=0
  rm -rf "$work/logs"; mkdir -p "$work/logs"
  ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:log_path=$work/logs/asan" \
    UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
    "$canary" "$mode" 2>"$work/stderr" || status=$?
  ((status != 0)) || fail "$mode: the canary exited 0; the defect went unnoticed"
  local report
  if [[ $where == log ]]; then
    report=$(cat "$work"/logs/asan* 2>/dev/null || true)
    [[ -n $report ]] || fail "$mode: no report in log_path (exit $status)"
  else
    report=$(cat "$work/stderr")
  fi
  grep -q -- "$text" <<<"$report" || fail "$mode: the report does not say '$text':
$report"
  echo "sanitizer-selftest: $mode reported ($text), exit $status"
}

check leak log "detected memory leaks"
check heap-overflow log "heap-buffer-overflow"
check signed-overflow stderr "signed integer overflow"
