#!/usr/bin/env bash
# Installs everything kursbase needs to build, run and test on Debian 12.
# Idempotent: asks apt only for packages that are missing, and runs `npm ci` only
# when package-lock.json changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/.."

# One list, grouped by what needs it. Keep it sorted within a group.
packages=(
  # build (clang-format: Debian 12's is version 14, which scripts/check-format.sh uses)
  clang-format cmake g++ make ninja-build pkg-config python3
  # libraries (see docs/architecture.md for why each; libboost-dev because
  # Debian builds SOCI with SOCI_HAVE_BOOST, so its headers include Boost)
  libasio-dev libboost-dev libcli11-dev libcurl4-openssl-dev libfmt-dev libhowardhinnant-date-dev
  libhpdf-dev libhttp-parser-dev libkainjow-mustache-dev libpq-dev librestinio-dev
  libsoci-dev libsodium-dev libspdlog-dev libsqlite3-dev libssl-dev libtomlplusplus-dev
  libxlsxwriter-dev nlohmann-json3-dev tzdata
  # tests
  libbenchmark-dev libgmock-dev libgtest-dev
  # servers and tools the tests start
  chromium fonts-inter nodejs npm postgresql postgresql-contrib sqlite3
)

missing=()
for p in "${packages[@]}"; do
  # nodejs/npm may come from elsewhere on a developer machine; a working node is enough.
  if [[ $p == nodejs || $p == npm ]] && command -v node >/dev/null && command -v npm >/dev/null; then
    continue
  fi
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "setup-deps: installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Browser-side and test tools from the npm registry, pinned by the lockfile.
stamp=node_modules/.kursbase-lock-stamp
if [[ ! -f $stamp ]] || ! cmp -s package-lock.json "$stamp"; then
  echo "setup-deps: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
