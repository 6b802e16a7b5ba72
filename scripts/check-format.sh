#!/usr/bin/env bash
# Format check (ctest `format_check`, run by `make test`): fails, naming each file,
# when a C++ file under src/, tests/ or bench/ differs from what clang-format makes
# of it with the repo's .clang-format. Fix with `make format`.
#
# Usage: scripts/check-format.sh [SOURCE_DIR]   (default: the repo this script is in)
# In a git checkout it checks the tracked files; elsewhere (the self-test's temp
# trees) every *.cpp/*.hpp under those folders. CLANG_FORMAT picks the binary;
# by default clang-format-14 (Debian 12), else clang-format: other versions format
# some constructs differently, so CI and developers must use the same one.
set -euo pipefail
root=${1:-"$(dirname "$0")/.."}
cd "$root"

clang_format=${CLANG_FORMAT:-}
if [[ -z $clang_format ]]; then
  for c in clang-format-14 clang-format; do
    if command -v "$c" >/dev/null; then clang_format=$c; break; fi
  done
fi
if [[ -z $clang_format ]]; then
  echo "check-format: clang-format not found (scripts/setup-deps.sh installs it)" >&2
  exit 2
fi
if [[ ! -f .clang-format ]]; then
  echo "check-format: no .clang-format in $(pwd)" >&2
  exit 2
fi

files=()
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files -- 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' \
    'bench/*.cpp' 'bench/*.hpp')
else
  mapfile -t files < <(find src tests bench -type f \( -name '*.cpp' -o -name '*.hpp' \) \
    2>/dev/null | sort)
fi
if ((${#files[@]} == 0)); then
  echo "check-format: no C++ files found under $(pwd)" >&2
  exit 2
fi

present=()
for f in "${files[@]}"; do
  # A tracked file deleted in the working tree is not ours to judge.
  [[ -f $f ]] && present+=("$f")
done
files=("${present[@]}")

# One clang-format for all files: it reports every file and exits non-zero if any
# differs ("FILE:LINE:COL: error: code should be clang-formatted").
set +e
report=$("$clang_format" --style=file --dry-run --Werror "${files[@]}" 2>&1 >/dev/null)
rc=$?
set -e
mapfile -t bad < <(sed -n 's/^\(.*\):[0-9]*:[0-9]*: error: code should be clang-formatted.*/\1/p' \
  <<<"$report" | sort -u)
if ((rc != 0 && ${#bad[@]} == 0)); then
  echo "check-format: $clang_format failed (exit $rc):" >&2
  echo "$report" >&2
  exit 2
fi

if ((${#bad[@]})); then
  echo "check-format: ${#bad[@]} of ${#files[@]} files are not formatted ($("$clang_format" --version)):"
  printf '  %s\n' "${bad[@]}"
  echo "Run 'make format' (or: $clang_format -i FILE) and commit the result."
  exit 1
fi
echo "check-format: ${#files[@]} files formatted"
