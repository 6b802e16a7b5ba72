#!/usr/bin/env bash
# Self-test of scripts/check-format.sh (ctest `format_check_selftest`): on a temp
# tree with the repo's .clang-format it must pass when every file is formatted and
# fail, naming the file, when one is not.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kursbase-format-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp "$here/../.clang-format" "$tmp/"
mkdir -p "$tmp/src/domain" "$tmp/tests/integration" "$tmp/bench"

cat >"$tmp/src/domain/good.hpp" <<'CPP'
#pragma once

namespace kursbase {

inline int twice(int x) { return 2 * x; }

}  // namespace kursbase
CPP
cp "$tmp/src/domain/good.hpp" "$tmp/tests/integration/good_test.cpp"
cp "$tmp/src/domain/good.hpp" "$tmp/bench/good_bench.cpp"

fail() { echo "check-format-selftest: $*" >&2; exit 1; }

out=$("$here/check-format.sh" "$tmp" 2>&1) || fail "fails on a formatted tree: $out"
[[ $out == *"3 files formatted"* ]] || fail "did not check the 3 files: $out"

# Misformatted: wrong indentation and spacing, a line over 100 columns.
printf 'namespace kursbase {\nint  f( int x ){return x;}\n}\n' >"$tmp/bench/bad_bench.cpp"
printf 'int g() { return %s; }\n' "$(printf '1 + %.0s' {1..40})1" >"$tmp/tests/integration/long.hpp"
set +e
out=$("$here/check-format.sh" "$tmp" 2>&1)
rc=$?
set -e
((rc == 1)) || fail "exit $rc, not 1, on misformatted files: $out"
[[ $out == *"bench/bad_bench.cpp"* ]] || fail "does not name bench/bad_bench.cpp: $out"
[[ $out == *"tests/integration/long.hpp"* ]] || fail "does not name tests/integration/long.hpp: $out"
[[ $out != *"good.hpp"* ]] || fail "names a formatted file: $out"
[[ $out == *"2 of 5 files"* ]] || fail "wrong count: $out"
echo "check-format-selftest: ok"
