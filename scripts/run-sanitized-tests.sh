#!/usr/bin/env bash
# `make test`: every test of a build made with -DKURSBASE_SANITIZE=ON
# (-fsanitize=address,undefined): unit and integration tests on both engines, the
# Node and browser suites (their `kursbase serve` children are the sanitized
# binary), the format and layering checks.
#
# Usage: scripts/run-sanitized-tests.sh BUILD_DIR [extra ctest arguments]
#
# Every process, including the `kursbase serve` children that the integration tests
# start, writes its ASan/LSan reports to BUILD_DIR/sanitizer-logs/ rather than to a
# stderr that a test may not show (a leak found when a server exits would not fail
# its test otherwise). The run fails when a test fails or when any
# report was written, and prints the reports.
set -euo pipefail
build=${1:?usage: run-sanitized-tests.sh BUILD_DIR [ctest args]}
shift
build=$(cd "$build" && pwd)
logs=$build/sanitizer-logs
rm -rf "$logs"
mkdir -p "$logs"

# ASan: stop at the first error, leak check at exit. UBSan (same runtime) is
# recoverable by default, so without halt_on_error an error would only print.
# ASan and LeakSanitizer write their reports to $logs; UBSan's go to the process's
# stderr, and halt_on_error makes the process fail (a server child then dies, which
# its test notices). scripts/lsan.supp, if present, lists leaks in libraries to ignore.
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=0:strict_init_order=1:check_initialization_order=1:log_path=$logs/asan${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
suppressions=$(cd "$(dirname "$0")" && pwd)/lsan.supp
if [[ -f $suppressions ]]; then
  export LSAN_OPTIONS="suppressions=$suppressions:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
fi

status=0
(cd "$build" && ctest -j2 --output-on-failure --timeout 900 "$@") || status=$?

shopt -s nullglob
reports=("$logs"/*)
if ((${#reports[@]})); then
  echo "run-sanitized-tests: ${#reports[@]} sanitizer report(s) in $logs:"
  for r in "${reports[@]}"; do
    echo "===== $r"
    cat "$r"
  done
  status=1
fi
if ((status != 0)); then
  echo "run-sanitized-tests: FAILED"
  exit "$status"
fi
echo "run-sanitized-tests: passed, no sanitizer reports"
